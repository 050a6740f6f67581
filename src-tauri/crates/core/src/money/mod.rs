//! The money room: what the forum must manage about money beyond single claims. Funders'
//! budgets and the spend against them, with the approval warnings at 90% and 100%
//! (`budgets.rs`); how long claims take to pay against the forum's target (`time_to_pay.rs`);
//! the private Carer's Allowance flag and the weekly earnings limit check (`carers.rs`); and a
//! rep's statement for a tax year (`statement.rs`).

pub(crate) mod budgets;
pub(crate) mod carers;
pub(crate) mod model;
pub(crate) mod statement;
pub(crate) mod time_to_pay;
