//! The representatives room: members with roles (chair, treasurer, rep), their training and
//! vehicle, and the groups (boards and workstreams) they sit on, with each group's partner
//! organisations and quoracy rule.

pub(crate) mod groups;
pub(crate) mod model;
pub(crate) mod records;
