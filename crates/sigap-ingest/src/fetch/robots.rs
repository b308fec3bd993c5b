//! A small robots.txt reader (RFC 9309): the group for our token or else `*`, Allow and
//! Disallow with `*` and `$`, the longest match winning (Allow on a tie), and `Crawl-delay`.

use std::time::Duration;

/// The rules of one robots.txt that apply to us.
#[derive(Debug, Clone, Default)]
pub(super) struct Robots {
    /// `(allow, pattern)`.
    rules: Vec<(bool, String)>,
    pub(super) crawl_delay: Option<Duration>,
}

#[derive(Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<(bool, String)>,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed: what a missing robots.txt means.
    pub(super) fn allow_all() -> Robots {
        Robots::default()
    }

    /// The rules in `text` for `token` (lowercase, e.g. `sigapbot`).
    pub(super) fn parse(text: &str, token: &str) -> Robots {
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            if key == "user-agent" {
                if !in_agents {
                    groups.push(Group::default());
                    in_agents = true;
                }
                if let Some(group) = groups.last_mut() {
                    group.agents.push(value.to_ascii_lowercase());
                }
                continue;
            }
            let Some(group) = groups.last_mut() else {
                continue;
            };
            match key.as_str() {
                "allow" | "disallow" if !value.is_empty() => {
                    in_agents = false;
                    group.rules.push((key == "allow", value.to_owned()));
                }
                "allow" | "disallow" => in_agents = false,
                "crawl-delay" => {
                    in_agents = false;
                    group.crawl_delay = value
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .map(|s| Duration::from_secs_f64(s.min(86_400.0)));
                }
                _ => {}
            }
        }
        let ours = |group: &&Group| group.agents.iter().any(|agent| agent == token);
        let any = |group: &&Group| group.agents.iter().any(|agent| agent == "*");
        let chosen: Vec<&Group> = if groups.iter().any(|g| ours(&g)) {
            groups.iter().filter(ours).collect()
        } else {
            groups.iter().filter(any).collect()
        };
        Robots {
            rules: chosen
                .iter()
                .flat_map(|g| g.rules.iter().cloned())
                .collect(),
            crawl_delay: chosen.iter().find_map(|g| g.crawl_delay),
        }
    }

    /// Whether `path` (with its query) may be fetched.
    pub(super) fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern.as_bytes(), path.as_bytes()) {
                let better = match best {
                    None => true,
                    Some((len, was_allow)) => {
                        pattern.len() > len || (pattern.len() == len && *allow && !was_allow)
                    }
                };
                if better {
                    best = Some((pattern.len(), *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether `pattern` matches the start of `path` (or all of it, with a final `$`).
fn matches(pattern: &[u8], path: &[u8]) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix(b"$") {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    // Greedy wildcard matching with one backtrack point: O(pattern × path) at worst.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() && (!anchored || s == path.len()) {
            return true;
        }
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
        } else if p < pattern.len() && s < path.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
        } else if let Some((sp, ss)) = star {
            if ss >= path.len() {
                return false;
            }
            star = Some((sp, ss + 1));
            p = sp + 1;
            s = ss + 1;
        } else {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "\
# contoh
User-agent: *
Disallow: /admin/
Allow: /admin/publik
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: SigapBot
User-agent: lain
Disallow: /rahasia
Allow: /rahasia/boleh
Crawl-delay: 0.5
";

    #[test]
    fn our_own_group_wins_over_the_star_group() {
        let robots = Robots::parse(ROBOTS, "sigapbot");
        assert!(robots.allows("/admin/x"));
        assert!(!robots.allows("/rahasia/x"));
        assert!(robots.allows("/rahasia/boleh/x"));
        assert_eq!(robots.crawl_delay, Some(Duration::from_millis(500)));
    }

    #[test]
    fn the_star_group_applies_to_others_with_the_longest_match() {
        let robots = Robots::parse(ROBOTS, "otherbot");
        assert!(!robots.allows("/admin/x"));
        assert!(robots.allows("/admin/publik/a"));
        assert!(!robots.allows("/berkas/a.pdf"));
        assert!(robots.allows("/berkas/a.pdf?v=1"));
        assert!(robots.allows("/"));
        assert_eq!(robots.crawl_delay, Some(Duration::from_secs(2)));
    }

    #[test]
    fn an_empty_disallow_allows_everything() {
        let robots = Robots::parse("User-agent: *\nDisallow:\n", "sigapbot");
        assert!(robots.allows("/a"));
        let robots = Robots::parse("User-agent: *\nDisallow: /\n", "sigapbot");
        assert!(!robots.allows("/a"));
    }

    #[test]
    fn wildcards_match() {
        assert!(matches(b"/a*b", b"/axxb/c"));
        assert!(matches(b"/a*b$", b"/axxb"));
        assert!(!matches(b"/a*b$", b"/axxbc"));
        assert!(matches(b"*", b""));
        assert!(!matches(b"/a", b"/"));
        assert!(matches(&[b'*'; 200], &[b'a'; 2000]));
    }
}
