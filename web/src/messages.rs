//! Messages in the user's words (pure, tested natively).

use crate::draft::Draft;

/// "amount must be …" → "Amount must be …."
pub(crate) fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// An issue without a field, said in words ("Phase 2: …").
pub(crate) fn describe_issue(draft: &Draft, path: &str, message: &str) -> String {
    if path.is_empty() || path == "phases" {
        return sentence(message);
    }
    let phase = path
        .strip_prefix("phases[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok());
    match phase {
        Some(i) => {
            let name = draft.phases.get(i).map_or("", |p| p.name.as_str());
            format!("Phase {} ({name}): {}", i + 1, sentence(message))
        }
        None => format!("{path}: {}", sentence(message)),
    }
}

pub(crate) fn file_name(customer: &str, ext: &str) -> String {
    let slug: String = customer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    if slug.is_empty() {
        format!("schedule.{ext}")
    } else {
        format!("schedule-{}.{ext}", slug.join("-"))
    }
}
