//! The numbers in `1..=required` that no session claims, as `duplicate-number` and
//! `number-out-of-range` suggest them.

use std::collections::BTreeSet;

/// The numbers in `1..=required` nobody claims: the first ten and how many in all (computed
/// without walking a hostile `required` of four billion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeNumbers {
    /// The lowest free numbers, at most ten.
    pub first: Vec<u32>,
    /// How many numbers are free in all.
    pub total: u64,
}

impl FreeNumbers {
    /// True when every number is taken.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// `3, 7, 9`, or `1, 2, ..., 10 and 5 more`.
    pub fn list(&self) -> String {
        let numbers: Vec<String> = self.first.iter().map(u32::to_string).collect();
        let mut out = numbers.join(", ");
        let more = self.total.saturating_sub(self.first.len() as u64);
        if more > 0 {
            out.push_str(&format!(" and {more} more"));
        }
        out
    }
}

/// The free numbers in `1..=required` given the claimed ones.
pub fn free_numbers(taken: impl IntoIterator<Item = u32>, required: u32) -> FreeNumbers {
    let taken: BTreeSet<u32> = taken
        .into_iter()
        .filter(|n| (1..=required).contains(n))
        .collect();
    let first = (1..=required)
        .filter(|n| !taken.contains(n))
        .take(10)
        .collect();
    FreeNumbers {
        first,
        total: u64::from(required) - taken.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_numbers_lists_holes() {
        assert_eq!(free_numbers([1, 2, 2, 5, 9], 6).list(), "3, 4, 6");
        assert_eq!(
            free_numbers([2, 3], u32::MAX).list(),
            "1, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 4294967283 more"
        );
        assert!(free_numbers(1..=3, 3).is_empty());
        assert_eq!(
            free_numbers([5], 12).list(),
            "1, 2, 3, 4, 6, 7, 8, 9, 10, 11 and 1 more"
        );
        assert_eq!(free_numbers([], u32::MAX).total, u64::from(u32::MAX));
    }
}
