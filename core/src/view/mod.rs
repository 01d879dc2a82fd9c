//! Read-only views of a registry for display (the static page, dashboards): which slot holds whom,
//! the roster and what changed in it since the last approval, the numbered work ranges with what
//! the range rules find, and the registration timeline. Every decision here is one the rules or the
//! protocol already make; these functions only arrange it.

pub mod approval_diff;
pub mod overview;
pub mod ranges;
pub mod roster;
pub mod slots;
pub mod timeline;
pub mod timeline_input;

pub use approval_diff::{approval_diff, ApprovalDiff, FieldChange, SessionChange};
pub use overview::{overview, Overview};
pub use ranges::{range_chart, range_chart_with, Coverage, RangeEntry, RangeGroup};
pub use roster::{
    registry_roster, registry_rows, roster, state_roster, Roster, RosterRow, RosterSource,
};
pub use slots::{slots, Slot, SlotGrid, SlotSession, SlotState};
pub use timeline::{registration_timeline, Outcome, TimelineEntry, TimelineInput};
pub use timeline_input::timeline_inputs_from_json;
