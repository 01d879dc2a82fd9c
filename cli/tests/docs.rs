//! Generated documentation: the man page and shell completions come from the clap definitions.

mod support;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp folder");
    let out = support::rollcall(dir.path())
        .args(args)
        .output()
        .expect("rollcall runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    (out.status.code(), stdout)
}

#[test]
fn man_page_is_roff_and_names_every_command() {
    let (code, page) = run(&["man"]);
    assert_eq!(code, Some(0));
    assert!(
        page.starts_with(".ie") || page.contains(".TH rollcall"),
        "{page}"
    );
    for command in ["validate", "send", "register", "import", "doctor"] {
        assert!(page.contains(command), "man page lacks {command}");
    }
}

#[test]
fn completions_cover_subcommands() {
    let (code, script) = run(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(script.contains("rollcall__validate") || script.contains("validate"));
    assert!(script.contains("complete -F"), "{script}");
}

#[test]
fn readme_documents_every_command() {
    let readme = include_str!("../../README.md");
    let (code, help) = run(&["--help"]);
    assert_eq!(code, Some(0));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() > 20, "{help}");
    let missing: Vec<&&str> = commands
        .iter()
        .filter(|c| !readme.contains(&format!("rollcall {c}")))
        .collect();
    assert!(missing.is_empty(), "README does not document {missing:?}");
}
