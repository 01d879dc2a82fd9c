//! The OpenSSH `allowed_signers` file (`ssh-keygen -Y verify -f FILE`) for a keyring: each
//! session may sign messages and journal entries, each approver approvals only.

use super::keys::Keyring;
use super::{APPROVE_NAMESPACE, JOURNAL_NAMESPACE, MESSAGE_NAMESPACE};
use ssh_key::PublicKey;
use std::fmt::Write;

/// The `allowed_signers` text: a comment header, then one line per session
/// (`NAME namespaces="rollcall-message,rollcall-journal" KEY`) and per approver
/// (`NAME namespaces="rollcall-approve" KEY`). A name that cannot be written as an exact
/// principal (it has `"`, `,`, `*`, `?`, `!` or starts with `#`) is left out, with a comment.
pub fn allowed_signers(keyring: &Keyring) -> String {
    let mut text = String::from(
        "# rollcall allowed_signers: sessions sign messages and journal entries, approvers sign approvals\n",
    );
    let sessions = format!("{MESSAGE_NAMESPACE},{JOURNAL_NAMESPACE}");
    for (name, key) in keyring.sessions() {
        write_line(&mut text, name, &sessions, key);
    }
    for (name, key) in keyring.approvers() {
        write_line(&mut text, name, APPROVE_NAMESPACE, key);
    }
    text
}

fn write_line(text: &mut String, name: &str, namespaces: &str, key: &PublicKey) {
    let bare = PublicKey::new(key.key_data().clone(), "");
    let (Some(principal), Ok(key)) = (principal(name), bare.to_openssh()) else {
        let _ = writeln!(
            text,
            "# left out: {} cannot be written as an allowed_signers principal",
            name.escape_debug()
        );
        return;
    };
    let _ = writeln!(
        text,
        "{principal} namespaces=\"{namespaces}\" {}",
        key.trim_end()
    );
}

/// The name as one principal that matches only itself: quoted when it has white space; `None`
/// when it holds a pattern character (`*` `?` `!`), a list separator, a quote or a comment start.
fn principal(name: &str) -> Option<String> {
    let unsafe_char = |c: char| matches!(c, '"' | ',' | '*' | '?' | '!') || c.is_control();
    if name.is_empty() || name.starts_with('#') || name.chars().any(unsafe_char) {
        return None;
    }
    if name.chars().any(char::is_whitespace) {
        return Some(format!("\"{name}\""));
    }
    Some(name.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::line_for;
    use crate::identity::keys::KeyRecords;

    #[test]
    fn sessions_and_approvers_get_their_namespaces() {
        let mut records = KeyRecords::default();
        records.sessions.insert("s1".into(), line_for("s1"));
        records.sessions.insert("two words".into(), line_for("s2"));
        records.sessions.insert("evil*".into(), line_for("s3"));
        records.approvers.insert("james".into(), line_for("james"));
        let text = allowed_signers(&Keyring::from_records(&records));
        let key = |name: &str| {
            let line = line_for(name);
            line.rsplit_once(' ').unwrap().0.to_string()
        };
        assert!(text.contains(&format!(
            "\ns1 namespaces=\"rollcall-message,rollcall-journal\" {}\n",
            key("s1")
        )));
        assert!(text.contains(&format!(
            "\n\"two words\" namespaces=\"rollcall-message,rollcall-journal\" {}\n",
            key("s2")
        )));
        assert!(text.contains(&format!(
            "\njames namespaces=\"rollcall-approve\" {}\n",
            key("james")
        )));
        assert!(text.contains("# left out: evil* cannot"));
        assert!(!text.contains(&key("s3")));
    }
}
