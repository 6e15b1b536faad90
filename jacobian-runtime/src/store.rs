//! Typed LIFO storage for the adjoint's forward sweep, and the values that can be saved on it.

mod pool;
mod progression;

pub use pool::with_stack;
pub use progression::{Int, Progression, ProgressionIter};

use crate::shape::Init;

/// Typed storage for the adjoint's forward sweep: values about to be overwritten, branch
/// decisions, loop bounds. LIFO. Not a tape: no operations are recorded.
///
/// Reals, integers and booleans live on three separate stacks; each `pop_*` returns the
/// latest value pushed by the matching `push_*`. The stack counts the bytes it holds, so
/// [`peak_bytes`](Stack::peak_bytes) tells how much memory an adjoint sweep needed.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Stack;
///
/// let mut stack = Stack::<f64>::new();
/// stack.push_real(1.5);
/// stack.push_int(3);
/// stack.push_real(2.5);
/// assert_eq!(stack.len_bytes(), 8 + 8 + 8);
/// assert_eq!(stack.pop_real(), 2.5);
/// assert_eq!(stack.pop_int(), 3);
/// assert_eq!(stack.pop_real(), 1.5);
/// assert!(stack.is_empty());
/// assert_eq!(stack.peak_bytes(), 24);
/// ```
#[derive(Clone, Debug)]
pub struct Stack<S> {
    reals: Vec<S>,
    ints: Vec<u64>,
    bools: Vec<bool>,
    bytes: usize,
    peak: usize,
}

impl<S: Copy> Default for Stack<S> {
    fn default() -> Self {
        Self::new()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn underflow(kind: &str) -> ! {
    panic!(
        "adjoint stack underflow: no {kind} left to pop; \
         this is a bug in jacobian, please report it"
    )
}

impl<S: Copy> Stack<S> {
    const REAL_BYTES: usize = core::mem::size_of::<S>();
    const INT_BYTES: usize = core::mem::size_of::<u64>();
    const BOOL_BYTES: usize = core::mem::size_of::<bool>();

    /// An empty stack. Does not allocate.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            reals: Vec::new(),
            ints: Vec::new(),
            bools: Vec::new(),
            bytes: 0,
            peak: 0,
        }
    }

    #[inline]
    fn grow(&mut self, bytes: usize) {
        self.bytes += bytes;
        self.peak = self.peak.max(self.bytes);
    }

    /// Pushes a real value.
    #[inline]
    pub fn push_real(&mut self, v: S) {
        self.reals.push(v);
        self.grow(Self::REAL_BYTES);
    }

    /// Pops the latest real value.
    ///
    /// # Panics
    ///
    /// If no real value is left: the forward and reverse sweeps disagree, a bug in jacobian.
    #[inline]
    #[track_caller]
    pub fn pop_real(&mut self) -> S {
        match self.reals.pop() {
            Some(v) => {
                self.bytes -= Self::REAL_BYTES;
                v
            }
            None => underflow("real value"),
        }
    }

    /// Pushes an integer (loop counts, integer locals as bit patterns).
    #[inline]
    pub fn push_int(&mut self, v: u64) {
        self.ints.push(v);
        self.grow(Self::INT_BYTES);
    }

    /// Pops the latest integer.
    ///
    /// # Panics
    ///
    /// If no integer is left: the forward and reverse sweeps disagree, a bug in jacobian.
    #[inline]
    #[track_caller]
    pub fn pop_int(&mut self) -> u64 {
        match self.ints.pop() {
            Some(v) => {
                self.bytes -= Self::INT_BYTES;
                v
            }
            None => underflow("integer"),
        }
    }

    /// Pushes a boolean (branch decisions).
    #[inline]
    pub fn push_bool(&mut self, v: bool) {
        self.bools.push(v);
        self.grow(Self::BOOL_BYTES);
    }

    /// Pops the latest boolean.
    ///
    /// # Panics
    ///
    /// If no boolean is left: the forward and reverse sweeps disagree, a bug in jacobian.
    #[inline]
    #[track_caller]
    pub fn pop_bool(&mut self) -> bool {
        match self.bools.pop() {
            Some(v) => {
                self.bytes -= Self::BOOL_BYTES;
                v
            }
            None => underflow("boolean"),
        }
    }

    /// Whether no value of any kind is held.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.reals.is_empty() && self.ints.is_empty() && self.bools.is_empty()
    }

    /// Removes every value, keeping the allocations (and the peak).
    pub fn clear(&mut self) {
        self.reals.clear();
        self.ints.clear();
        self.bools.clear();
        self.bytes = 0;
    }

    /// Bytes currently held: `reals * size_of::<S>() + ints * 8 + bools * 1`.
    #[inline]
    pub fn len_bytes(&self) -> usize {
        self.bytes
    }

    /// The maximum of [`len_bytes`](Stack::len_bytes) since creation or the last
    /// [`reset_peak`](Stack::reset_peak).
    #[inline]
    pub fn peak_bytes(&self) -> usize {
        self.peak
    }

    /// Restarts peak tracking from the bytes currently held.
    pub fn reset_peak(&mut self) {
        self.peak = self.bytes;
    }
}

/// Saving and restoring a value on the [`Stack`]. `restore` undoes the matching `save` (LIFO).
///
/// # Examples
///
/// ```
/// use jacobian_runtime::{Stack, Store};
///
/// let mut stack = Stack::<f64>::new();
/// let mut x = (vec![1.0, 2.0], -3_i32, [true, false]);
/// x.save(&mut stack);
/// let saved = x.clone();
/// x = (vec![9.0], 7, [false, false]); // overwritten by the forward sweep
/// x.restore(&mut stack);
/// assert_eq!(x, saved);
/// assert!(stack.is_empty());
/// ```
pub trait Store<S> {
    /// Pushes `self` on the stack.
    fn save(&self, stack: &mut Stack<S>);
    /// Pops what the matching [`save`](Store::save) pushed back into `self`.
    fn restore(&mut self, stack: &mut Stack<S>);
}

macro_rules! store_real {
    ($($t:ty),*) => {$(
        impl Store<$t> for $t {
            #[inline]
            fn save(&self, stack: &mut Stack<$t>) {
                stack.push_real(*self);
            }

            #[inline]
            fn restore(&mut self, stack: &mut Stack<$t>) {
                *self = stack.pop_real();
            }
        }
    )*};
}

store_real!(f32, f64);

/// Integers of at most 64 bits round-trip through `u64` with `as` (sign-extended, then truncated).
macro_rules! store_int {
    ($($t:ty),*) => {$(
        impl<S: Copy> Store<S> for $t {
            #[inline]
            fn save(&self, stack: &mut Stack<S>) {
                stack.push_int(*self as u64);
            }

            #[inline]
            fn restore(&mut self, stack: &mut Stack<S>) {
                *self = stack.pop_int() as $t;
            }
        }
    )*};
}

store_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// 128-bit integers take two words: low then high.
macro_rules! store_wide_int {
    ($($t:ty),*) => {$(
        impl<S: Copy> Store<S> for $t {
            #[inline]
            fn save(&self, stack: &mut Stack<S>) {
                stack.push_int(*self as u64);
                stack.push_int((*self >> 64) as u64);
            }

            #[inline]
            fn restore(&mut self, stack: &mut Stack<S>) {
                let high = stack.pop_int() as u128;
                let low = stack.pop_int() as u128;
                *self = ((high << 64) | low) as $t;
            }
        }
    )*};
}

store_wide_int!(u128, i128);

impl<S: Copy> Store<S> for bool {
    #[inline]
    fn save(&self, stack: &mut Stack<S>) {
        stack.push_bool(*self);
    }

    #[inline]
    fn restore(&mut self, stack: &mut Stack<S>) {
        *self = stack.pop_bool();
    }
}

impl<S: Copy> Store<S> for () {
    #[inline]
    fn save(&self, _: &mut Stack<S>) {}

    #[inline]
    fn restore(&mut self, _: &mut Stack<S>) {}
}

impl<S: Copy, A: Store<S>, const N: usize> Store<S> for [A; N] {
    #[inline]
    fn save(&self, stack: &mut Stack<S>) {
        self.iter().for_each(|a| a.save(stack));
    }

    #[inline]
    fn restore(&mut self, stack: &mut Stack<S>) {
        self.iter_mut().rev().for_each(|a| a.restore(stack));
    }
}

/// The elements, then the length; restoring resizes with [`Init::init`] first.
impl<S: Copy, A: Store<S> + Init> Store<S> for Vec<A> {
    fn save(&self, stack: &mut Stack<S>) {
        self.iter().for_each(|a| a.save(stack));
        self.len().save(stack);
    }

    fn restore(&mut self, stack: &mut Stack<S>) {
        let mut len = 0_usize;
        len.restore(stack);
        self.resize_with(len, A::init);
        self.iter_mut().rev().for_each(|a| a.restore(stack));
    }
}

/// Restores the listed variables in reverse order.
macro_rules! restore_rev {
    ($stack:ident;) => {};
    ($stack:ident; $head:ident $($tail:ident)*) => {
        restore_rev!($stack; $($tail)*);
        $head.restore($stack);
    };
}

macro_rules! tuple_store {
    ($($T:ident $i:tt),+) => {
        impl<S: Copy, $($T: Store<S>),+> Store<S> for ($($T,)+) {
            #[inline]
            fn save(&self, stack: &mut Stack<S>) {
                $(self.$i.save(stack);)+
            }

            #[inline]
            #[allow(non_snake_case)]
            fn restore(&mut self, stack: &mut Stack<S>) {
                let ($($T,)+) = self;
                restore_rev!(stack; $($T)+);
            }
        }
    };
}

for_each_tuple!(tuple_store);

#[cfg(test)]
mod tests;
