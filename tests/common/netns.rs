//! Network namespaces for the cross-machine tests: a pair of namespaces joined by a veth link
//! (10.213.N.1 on the "server" side, 10.213.N.2 on the "client" side), commands run inside
//! one (`ip netns exec`), a thread moved into one (`setns`: a network namespace is per
//! thread), the link cut and restored (`ip link set … down/up`); removed when dropped.
//! Needs root (the tests run as root in CI; scripts/test installs iproute2).

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs `ip ARGS`, panicking with its stderr when it fails.
pub fn ip(args: &[&str]) {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("ip (scripts/test installs iproute2)");
    assert!(
        out.status.success(),
        "ip {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two namespaces and the link between them.
pub struct Pair {
    /// The server's namespace and address.
    pub server: String,
    pub server_addr: String,
    /// The client's namespace and address.
    pub client: String,
    pub client_addr: String,
}

/// The veth ends (each inside its own namespace, so the names never clash with the host's).
const SERVER_IF: &str = "wr-s";
const CLIENT_IF: &str = "wr-c";

impl Pair {
    /// Creates `wr-<tag>-<pid>-<n>-s` and `…-c` with the link up.
    pub fn new(tag: &str) -> Pair {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let base = format!("wr-{tag}-{}-{n}", std::process::id());
        let net = 1 + (std::process::id() + n) % 250;
        let pair = Pair {
            server: format!("{base}-s"),
            server_addr: format!("10.213.{net}.1"),
            client: format!("{base}-c"),
            client_addr: format!("10.213.{net}.2"),
        };
        ip(&["netns", "add", &pair.server]);
        ip(&["netns", "add", &pair.client]);
        ip(&[
            "link",
            "add",
            SERVER_IF,
            "netns",
            &pair.server,
            "type",
            "veth",
            "peer",
            "name",
            CLIENT_IF,
            "netns",
            &pair.client,
        ]);
        for (ns, dev, addr) in [
            (&pair.server, SERVER_IF, &pair.server_addr),
            (&pair.client, CLIENT_IF, &pair.client_addr),
        ] {
            ip(&["-n", ns, "link", "set", "lo", "up"]);
            ip(&["-n", ns, "addr", "add", &format!("{addr}/24"), "dev", dev]);
            ip(&["-n", ns, "link", "set", dev, "up"]);
        }
        pair
    }

    /// `program` to run inside the namespace `ns`.
    pub fn command(&self, ns: &str, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", ns]).arg(program);
        c
    }

    /// Cuts the link (both ends down): packets are dropped, nothing is refused.
    pub fn cut(&self) {
        ip(&["-n", &self.server, "link", "set", SERVER_IF, "down"]);
        ip(&["-n", &self.client, "link", "set", CLIENT_IF, "down"]);
    }

    /// Restores the link.
    pub fn restore(&self) {
        ip(&["-n", &self.server, "link", "set", SERVER_IF, "up"]);
        ip(&["-n", &self.client, "link", "set", CLIENT_IF, "up"]);
    }

    /// Moves the calling thread into the namespace `ns` (sockets it opens from then on are
    /// that namespace's; other threads stay where they are).
    pub fn enter(ns: &str) {
        use std::os::fd::AsRawFd;
        let f = std::fs::File::open(format!("/var/run/netns/{ns}")).expect("the namespace");
        // SAFETY: setns on a valid namespace file descriptor; affects this thread only.
        let rc = unsafe { libc::setns(f.as_raw_fd(), libc::CLONE_NEWNET) };
        assert_eq!(rc, 0, "setns {ns}: {}", std::io::Error::last_os_error());
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for ns in [&self.server, &self.client] {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
    }
}
