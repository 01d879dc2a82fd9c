//! Stable sorting and grouping through one shared index sort, so sort code is in the wasm once.
//!
//! Each `sort_by_key` closure or element type instantiates std's sort again (~3 KB of wasm each),
//! and each HashMap/BTreeMap key type its own table code; every sort and grouping in core's
//! validation goes through [`sorted_indices`] instead.

use std::cmp::Ordering;

/// The indices `0..len` stably sorted by `compare` on them (equal items keep their order).
///
/// A bottom-up merge sort: O(n log n) and a few hundred bytes of wasm, where std's driftsort for
/// even one element type is ~4 KB.
pub fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = len.min(start + width);
            let end = len.min(start + 2 * width);
            merge(
                &order[start..mid],
                &order[mid..end],
                &mut merged[start..end],
                compare,
            );
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Merges two sorted runs into `out`, taking from `left` on ties (what keeps the sort stable).
fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    compare: &dyn Fn(usize, usize) -> Ordering,
) {
    let (mut l, mut r) = (0, 0);
    for slot in out {
        let from_right =
            l == left.len() || (r < right.len() && compare(right[r], left[l]) == Ordering::Less);
        if from_right {
            *slot = right[r];
            r += 1;
        } else {
            *slot = left[l];
            l += 1;
        }
    }
}

/// The indices `0..len` grouped by equal keys: groups in key order, each group in index order
/// (so a group's first index is its earliest item).
pub fn equal_runs(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for i in sorted_indices(len, compare) {
        match runs.last_mut() {
            Some(run) if compare(run[0], i) == Ordering::Equal => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    runs
}

/// For each index in `0..len`, the earliest index with an equal key (itself when it is first).
pub fn first_equal(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut first: Vec<usize> = (0..len).collect();
    for run in equal_runs(len, compare) {
        for &i in &run {
            first[i] = run[0];
        }
    }
    first
}

/// `items` sorted and without repeats, for `binary_search` (a set without a set type).
pub fn sorted_set<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    sort_by(&mut items, &T::cmp);
    items.dedup();
    items
}

/// Stably sorts `items` by `compare` (the order `sort_by` gives).
pub fn sort_by<T>(items: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    // `target[i]`: where the item now at `i` belongs; each swap puts one item in its place.
    let mut target = vec![0; order.len()];
    for (to, &from) in order.iter().enumerate() {
        target[from] = to;
    }
    for i in 0..items.len() {
        while target[i] != i {
            let j = target[i];
            items.swap(i, j);
            target.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn sorts_as_std_stable_sort_does(items in proptest::collection::vec((0u8..6, 0u16..), 0..150)) {
            let mut ours = items.clone();
            sort_by(&mut ours, &|a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|item| item.0);
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn equal_runs_group_in_key_order_and_index_order() {
        let keys = ["b", "a", "b", "c", "a"];
        let runs = equal_runs(keys.len(), &|i, j| keys[i].cmp(keys[j]));
        assert_eq!(runs, [vec![1, 4], vec![0, 2], vec![3]]);
        assert_eq!(
            first_equal(keys.len(), &|i, j| keys[i].cmp(keys[j])),
            [0, 1, 0, 3, 1]
        );
        assert_eq!(sorted_set(vec![3, 1, 3, 2, 1]), [1, 2, 3]);
    }
}
