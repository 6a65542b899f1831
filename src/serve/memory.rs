//! Handing the memory a rebuild freed back to the system. The allocator
//! (mimalloc) keeps freed pages for a while, in case they are wanted again,
//! and only gives them back when it allocates once that time has passed: an
//! idle preview would hold a rebuild's peak, not what it keeps.

/// mimalloc's `mi_option_purge_delay`: the `extended` bindings name the
/// option after it (and the one before, for mimalloc 2), not this one.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const _: () = assert!(PURGE_DELAY == libmimalloc_sys::mi_option_use_numa_nodes - 1);

/// Makes freed pages go back to the system 10 ms after they are freed
/// (mimalloc waits a second by default): the first build renders every
/// page, and what rendering freed would otherwise pile up to its peak.
#[allow(unsafe_code)]
pub fn purge_soon() {
    // SAFETY: setting an option takes no pointers, and this one only
    // decides when free pages are given back.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) }
}

/// Gives the pages that every rendering thread, and this one, no longer
/// uses back to the system.
pub fn release() {
    rayon::broadcast(|_| collect());
    collect();
}

#[allow(unsafe_code)]
fn collect() {
    // SAFETY: `mi_collect` takes no pointers; it frees only pages with no
    // live allocation, on the calling thread and in the shared arenas.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[cfg(test)]
mod tests {
    #[test]
    #[allow(unsafe_code)]
    fn freed_pages_are_given_back_after_10_ms() {
        super::purge_soon();
        // SAFETY: reading an option takes no pointers.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 10);
    }
}
