//! Handing the memory a rebuild freed back to the system. The allocator
//! (mimalloc) keeps freed pages for a while, in case they are wanted again,
//! and only gives them back when it allocates once that time has passed: an
//! idle preview would hold a rebuild's peak, not what it keeps.

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
