//! The representatives room: members with roles (chair, treasurer, rep), their training and
//! vehicle, the groups (boards and workstreams) they sit on with each group's terms of
//! reference (partners and their departments, quoracy, rotation, standards), and whether a
//! rep has what a group requires to sit on it (`readiness`).

pub(crate) mod groups;
pub(crate) mod model;
pub(crate) mod readiness;
pub(crate) mod records;
