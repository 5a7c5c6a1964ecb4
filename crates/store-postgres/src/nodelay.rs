//! TCP_NODELAY for the database connections.
//!
//! sqlx 0.9.0 opens its TCP connections without TCP_NODELAY (an upstream regression, fixed in
//! sqlx but not in a release yet). Then a message larger than what the kernel sends at once
//! (here about 16 KB: an append group of some 35 commands) leaves its tail held back by Nagle's
//! algorithm until Postgres acknowledges the head, which it delays by 40 ms since it has
//! nothing to answer yet: such appends took 45 ms instead of 1.
//!
//! sqlx gives no access to its sockets, so after each new connection the store sets the option
//! on every TCP socket of the process that lacks it (all of this server's TCP traffic wants it:
//! its accepted sockets already have it), through duplicates of the descriptors obtained with
//! `pidfd_getfd`. Best effort: where that is refused (a kernel before 5.6, a seccomp filter)
//! connections work as before, only big groups are slower.

/// Sets TCP_NODELAY on every TCP socket of this process that does not have it; returns how many
/// it changed, or why it could not look (the system refused `pidfd_open` or `pidfd_getfd`, or
/// this is not Linux).
pub(crate) fn set_on_all_tcp_sockets() -> Result<usize, String> {
    #[cfg(target_os = "linux")]
    {
        linux::set_on_all_tcp_sockets()
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err("only done on Linux".to_owned())
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use rustix::io::Errno;
    use rustix::net::sockopt::{set_tcp_nodelay, tcp_nodelay};
    use rustix::process::{PidfdFlags, PidfdGetfdFlags, getpid, pidfd_getfd, pidfd_open};

    pub(super) fn set_on_all_tcp_sockets() -> Result<usize, String> {
        let me = pidfd_open(getpid(), PidfdFlags::empty())
            .map_err(|e| format!("pidfd_open refused: {e}"))?;
        let entries =
            std::fs::read_dir("/proc/self/fd").map_err(|e| format!("/proc/self/fd: {e}"))?;
        let mut changed = 0;
        for entry in entries.flatten() {
            let Some(number) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                continue;
            };
            // A duplicate shares the socket, so an option set on it holds for the original.
            // The descriptor may have been closed or reused since the listing: whatever it is
            // now, only a TCP socket answers the TCP_NODELAY query below.
            let fd = match pidfd_getfd(&me, number, PidfdGetfdFlags::empty()) {
                Ok(fd) => fd,
                // Refused for one descriptor is refused for all (a seccomp filter, an old
                // kernel): say so rather than scan on.
                Err(e @ (Errno::PERM | Errno::ACCESS | Errno::NOSYS)) => {
                    return Err(format!("pidfd_getfd refused: {e}"));
                }
                Err(_) => continue,
            };
            if tcp_nodelay(&fd) == Ok(false) && set_tcp_nodelay(&fd, true).is_ok() {
                changed += 1;
            }
        }
        Ok(changed)
    }
}
