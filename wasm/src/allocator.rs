//! The global allocator of the wasm32 build: lol_alloc's free-list allocator, a few hundred bytes
//! of code instead of std's dlmalloc (about 7 KB), chosen for the module's size budget.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
