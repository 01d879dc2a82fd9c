//! rollcall-core: the pure heart of rollcall. It reads, checks and writes session identity
//! registries and coordination messages, and never touches files, environment, clock or network:
//! every function takes text or values and returns values plus diagnostics.

pub mod consensus;
pub mod diagnostic;
pub mod encoding;
pub mod free_numbers;
pub mod identity;
pub mod legacy;
pub mod liveness;
pub mod message;
pub mod model;
pub mod parse;
pub mod protocol;
pub mod render;
pub mod repair;
pub mod report;
pub mod rules;
pub mod session_info;
mod strict_json;
pub mod text;
pub mod time;
pub mod validate;
pub mod view;

pub use diagnostic::{Diagnostic, Fix, Related, Severity};
pub use encoding::repair_mojibake;
pub use identity::{verify_message, SignatureCheck, SignatureStatus};
pub use legacy::merge::{merge as merge_legacy, Merged, MergedSession};
pub use message::{
    compose, format_id, message_file_stem, read_message, recover_legacy_message, validate_name,
    validate_session_id, Draft, Message, Recovered, UtcTime,
};
pub use model::{Block, ChecklistItem, Field, Registry, Session, Spanned, Status};
pub use parse::json::{registry_from_json, registry_to_json};
pub use parse::registration::{
    find_registration, parse_registration, Registration, RegistrationNumber,
};
pub use parse::summary::{summarize, Summary};
pub use parse::{parse_registry, Parsed};
pub use render::render_markdown;
pub use repair::{repair_text, Repair};
pub use report::{Check, Consensus, ConsensusState, Report};
pub use rules::{rules, RuleInfo};
pub use text::{escape_controls, fold, plural};
pub use validate::{validate, validate_registry, Attestations, ValidateOptions};
