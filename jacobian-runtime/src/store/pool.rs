//! A per-thread pool of stacks, so repeated adjoint sweeps reuse their storage
//! instead of allocating it again on every call.

use core::any::Any;
use std::cell::RefCell;

use super::Stack;

thread_local! {
    static POOL: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with a cleared [`Stack`] taken from this thread's pool (or a new
/// one), and returns the stack, with its capacity, to the pool afterwards.
/// Nested calls each get their own stack.
///
/// ```
/// use jacobian_runtime::{with_stack, Stack};
///
/// let n = with_stack(|s: &mut Stack<f64>| {
///     s.push_real(1.0);
///     s.pop_real()
/// });
/// assert_eq!(n, 1.0);
/// ```
pub fn with_stack<S: Copy + 'static, R>(f: impl FnOnce(&mut Stack<S>) -> R) -> R {
    let mut stack = take::<S>().unwrap_or_default();
    let result = f(&mut stack);
    stack.clear();
    stack.reset_peak();
    POOL.with(|p| p.borrow_mut().push(Box::new(stack)));
    result
}

fn take<S: Copy + 'static>() -> Option<Stack<S>> {
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let k = pool.iter().position(|b| b.is::<Stack<S>>())?;
        pool.swap_remove(k).downcast::<Stack<S>>().ok().map(|b| *b)
    })
}

#[cfg(test)]
mod tests {
    use super::with_stack;
    use crate::Stack;

    #[test]
    fn the_pool_reuses_capacity_and_nests() {
        let cap = with_stack(|s: &mut Stack<f64>| {
            for k in 0..1000 {
                s.push_real(f64::from(k));
            }
            with_stack(|inner: &mut Stack<f64>| assert!(inner.is_empty()));
            s.len_bytes()
        });
        assert_eq!(cap, 8000);
        with_stack(|s: &mut Stack<f64>| {
            assert!(s.is_empty(), "a pooled stack comes back cleared");
            assert_eq!(s.peak_bytes(), 0);
        });
        with_stack(|s: &mut Stack<f32>| assert!(s.is_empty()));
    }
}
