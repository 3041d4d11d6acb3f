//! The second convolutions in 8-bit integers: activations as unsigned
//! bytes (each row with its own offset and step), weights as signed bytes
//! (each column with its own step), products summed exactly in 32 bits.
//!
//! Why by hand: these products are most of a token's cost (0.66 of its
//! remaining million multiply-adds), `gemm` has no integer kernels, and
//! the processors that run crosscheck add 64 byte products per instruction
//! (AVX-512 VNNI `vpdpbusd`) against 16 float ones. The vectors stay the
//! package's: cosine ≥ 0.9999 on its reference sentences and on real page
//! leads (simulated before writing this: worst 0.99992 of 108; symmetric
//! activation bytes reached only 0.99975, bfloat16 0.999998 at half the
//! speed-up). Elsewhere a plain loop gives the same integers.

/// Columns in one packed block: one 512-bit register of 32-bit sums.
const BLOCK: usize = 16;

/// A `k` × `n` weight matrix in signed bytes, packed for the product:
/// for each block of [`BLOCK`] columns and each group of four rows, the 64
/// bytes `w[4g + r][16b + c]` at `c * 4 + r` (what `vpdpbusd` multiplies
/// with four bytes of an activation row).
pub struct Weights {
    pub k: usize,
    pub n: usize,
    packed: Vec<i8>,
    /// Each column's step: `w[r][c] ≈ q[r][c] · step[c]`.
    pub step: Vec<f32>,
    /// Each column's sum of bytes times its step, which the offset of an
    /// activation row multiplies.
    pub sum: Vec<f32>,
}

impl Weights {
    /// Quantises `w` (`k` × `n`, row by row; `k` a multiple of 4 and `n`
    /// of [`BLOCK`]), each column to its largest magnitude.
    pub fn new(w: &[f32], k: usize, n: usize) -> Weights {
        assert!(
            k.is_multiple_of(4) && n.is_multiple_of(BLOCK) && w.len() == k * n,
            "shapes"
        );
        let step: Vec<f32> = (0..n)
            .map(|c| {
                let max = (0..k).map(|r| w[r * n + c].abs()).fold(0.0f32, f32::max);
                if max > 0.0 {
                    max / 127.0
                } else {
                    1.0
                }
            })
            .collect();
        let q = |r: usize, c: usize| (w[r * n + c] / step[c]).round().clamp(-127.0, 127.0) as i8;
        let mut packed = vec![0i8; k * n];
        for b in 0..n / BLOCK {
            for g in 0..k / 4 {
                let at = (b * k / 4 + g) * 4 * BLOCK;
                for c in 0..BLOCK {
                    for r in 0..4 {
                        packed[at + c * 4 + r] = q(4 * g + r, b * BLOCK + c);
                    }
                }
            }
        }
        let sum = (0..n)
            .map(|c| (0..k).map(|r| q(r, c) as f32).sum::<f32>() * step[c])
            .collect();
        Weights {
            k,
            n,
            packed,
            step,
            sum,
        }
    }
}

/// Activation rows in bytes: `x[t][i] ≈ offset[t] + q[t][i] · step[t]`.
#[derive(Default)]
pub struct Rows {
    pub q: Vec<u8>,
    pub offset: Vec<f32>,
    pub step: Vec<f32>,
}

impl Rows {
    /// Quantises the rows of `x` (`k` wide), each over its own range.
    pub fn fill(&mut self, x: &[f32], k: usize) {
        let n = x.len() / k;
        self.q.clear();
        self.q.resize(n * k, 0);
        self.offset.clear();
        self.step.clear();
        for (row, q) in x.chunks_exact(k).zip(self.q.chunks_exact_mut(k)) {
            let (lo, step) = quantise(row, q);
            self.offset.push(lo);
            self.step.push(step);
        }
    }
}

/// One row into bytes over its own range: gives its offset and step.
/// Compiled for each SIMD level and chosen at run time (`multiversion`):
/// the default target has no vector rounding, and this ran at a fifth of
/// the product's speed.
#[multiversion::multiversion(targets = "simd")]
fn quantise(row: &[f32], q: &mut [u8]) -> (f32, f32) {
    let (lo, hi) = range(row);
    // A constant row is its offset exactly (every byte 0).
    let step = if hi > lo { (hi - lo) / 255.0 } else { 1.0 };
    let inv = 1.0 / step;
    // Rounded by adding 2²³: the float's last bits are then the nearest
    // integer (ties to even), read as bits. A float-to-integer cast does
    // not vectorise (it must saturate), and this loop ran one value at a
    // time.
    const ROUND: f32 = 8_388_608.0;
    q.iter_mut().zip(row).for_each(|(q, &v)| {
        let x = ((v - lo) * inv).clamp(0.0, 255.0) + ROUND;
        *q = x.to_bits() as u8;
    });
    (lo, step)
}

/// The least and greatest value of `x`, each in lanes of its own pass (a
/// running pair, or `f32::min` with its NaN rule, stayed scalar). Always
/// inlined, so it is compiled for its caller's SIMD level.
#[inline(always)]
fn range(x: &[f32]) -> (f32, f32) {
    const LANES: usize = 16;
    let lanes = |pick: fn(f32, f32) -> bool| {
        let mut acc = [x.first().copied().unwrap_or(0.0); LANES];
        let mut chunks = x.chunks_exact(LANES);
        for c in &mut chunks {
            for (a, &v) in acc.iter_mut().zip(c) {
                *a = if pick(v, *a) { v } else { *a };
            }
        }
        let best = |a: f32, &v: &f32| if pick(v, a) { v } else { a };
        let acc = acc.iter().fold(acc[0], best);
        chunks.remainder().iter().fold(acc, best)
    };
    (lanes(|v, a| v < a), lanes(|v, a| v > a))
}

/// The 32-bit sums `out[t][c] = Σ_r q[t][r] · w[r][c]` for every row of
/// `rows` (`w.n` values a row).
pub fn product(rows: &Rows, w: &Weights, out: &mut Vec<i32>) {
    let n = rows.q.len() / w.k;
    // Only grown, not cleared: the kernel writes every sum (zeroing them
    // first was a percent of ingest).
    if out.len() < n * w.n {
        out.resize(n * w.n, 0);
    }
    out.truncate(n * w.n);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512vnni") {
        // SAFETY: the features the kernel is compiled for are present
        // (checked just above); shapes are checked inside.
        unsafe { vnni::product(&rows.q, w, out) };
        return;
    }
    out.fill(0);
    portable(&rows.q, w, out);
}

/// The same sums in plain loops (the compiler vectorises the inner one).
fn portable(q: &[u8], w: &Weights, out: &mut [i32]) {
    let groups = w.k / 4;
    for (a, o) in q.chunks_exact(w.k).zip(out.chunks_exact_mut(w.n)) {
        for (b, o) in o.chunks_exact_mut(BLOCK).enumerate() {
            let block = &w.packed[b * groups * 4 * BLOCK..(b + 1) * groups * 4 * BLOCK];
            for (g, packed) in block.chunks_exact(4 * BLOCK).enumerate() {
                let x = &a[4 * g..4 * g + 4];
                for (c, o) in o.iter_mut().enumerate() {
                    let wc = &packed[c * 4..c * 4 + 4];
                    *o += (0..4).map(|r| x[r] as i32 * wc[r] as i32).sum::<i32>();
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::{Weights, BLOCK};
    use std::arch::x86_64::*;

    /// Rows and column blocks one kernel call covers: 6 × 4 sums in
    /// registers (of 32), four weight vectors and one broadcast.
    const ROWS: usize = 6;
    const BLOCKS: usize = 4;

    /// # Safety
    /// Needs AVX-512F and AVX-512 VNNI.
    #[target_feature(enable = "avx512f,avx512vnni")]
    pub unsafe fn product(q: &[u8], w: &Weights, out: &mut [i32]) {
        let n = q.len() / w.k;
        assert!(
            q.len() == n * w.k && out.len() == n * w.n && w.n.is_multiple_of(BLOCK * BLOCKS),
            "shapes"
        );
        let mut t = 0;
        while t < n {
            let rows = (n - t).min(ROWS);
            for b in (0..w.n / BLOCK).step_by(BLOCKS) {
                // SAFETY: rows t..t + rows exist (rows ≤ n - t) and blocks
                // b..b + BLOCKS exist (n a multiple of BLOCKS blocks).
                unsafe {
                    match rows {
                        6 => tile::<6>(q, w, out, t, b),
                        5 => tile::<5>(q, w, out, t, b),
                        4 => tile::<4>(q, w, out, t, b),
                        3 => tile::<3>(q, w, out, t, b),
                        2 => tile::<2>(q, w, out, t, b),
                        _ => tile::<1>(q, w, out, t, b),
                    }
                }
            }
            t += rows;
        }
    }

    /// Rows `t..t + R`, column blocks `b..b + BLOCKS`.
    #[target_feature(enable = "avx512f,avx512vnni")]
    #[inline]
    unsafe fn tile<const R: usize>(q: &[u8], w: &Weights, out: &mut [i32], t: usize, b: usize) {
        let groups = w.k / 4;
        let mut acc = [[_mm512_setzero_si512(); BLOCKS]; R];
        let a = q.as_ptr().add(t * w.k);
        let packed = w.packed.as_ptr();
        for g in 0..groups {
            let mut wv = [_mm512_setzero_si512(); BLOCKS];
            for (j, v) in wv.iter_mut().enumerate() {
                let at = ((b + j) * groups + g) * 4 * BLOCK;
                *v = _mm512_loadu_si512(packed.add(at) as *const __m512i);
            }
            for (r, acc) in acc.iter_mut().enumerate() {
                let four = (a.add(r * w.k + 4 * g) as *const i32).read_unaligned();
                let x = _mm512_set1_epi32(four);
                for (s, v) in acc.iter_mut().zip(&wv) {
                    *s = _mm512_dpbusd_epi32(*s, x, *v);
                }
            }
        }
        for (r, acc) in acc.iter().enumerate() {
            for (j, s) in acc.iter().enumerate() {
                let at = (t + r) * w.n + (b + j) * BLOCK;
                _mm512_storeu_si512(out.as_mut_ptr().add(at) as *mut __m512i, *s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> (Vec<f32>, usize, usize) {
        let (k, n) = (16, 64);
        let w = (0..k * n)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 25.0)
            .collect();
        (w, k, n)
    }

    #[test]
    fn sums_are_the_exact_byte_products_on_every_path() {
        let (w, k, n) = weights();
        let w = Weights::new(&w, k, n);
        let x: Vec<f32> = (0..7 * k).map(|i| (i % 13) as f32 * 0.3 - 1.0).collect();
        let mut rows = Rows::default();
        rows.fill(&x, k);
        let mut fast = Vec::new();
        product(&rows, &w, &mut fast);
        let mut plain = vec![0; fast.len()];
        portable(&rows.q, &w, &mut plain);
        assert_eq!(fast, plain);
        // Against the definition, from the bytes unpacked.
        let byte = |r: usize, c: usize| {
            let (b, g) = (c / BLOCK, r / 4);
            w.packed[(b * k / 4 + g) * 4 * BLOCK + (c % BLOCK) * 4 + r % 4] as i32
        };
        for t in 0..7 {
            for c in 0..n {
                let want: i32 = (0..k).map(|r| rows.q[t * k + r] as i32 * byte(r, c)).sum();
                assert_eq!(fast[t * n + c], want, "row {t} column {c}");
            }
        }
    }

    #[test]
    fn dequantised_products_are_close_to_the_float_ones() {
        let (wf, k, n) = weights();
        let w = Weights::new(&wf, k, n);
        let x: Vec<f32> = (0..3 * k).map(|i| ((i * 7 % 19) as f32).sin()).collect();
        let mut rows = Rows::default();
        rows.fill(&x, k);
        let mut sums = Vec::new();
        product(&rows, &w, &mut sums);
        for t in 0..3 {
            for c in 0..n {
                let exact: f32 = (0..k).map(|r| x[t * k + r] * wf[r * n + c]).sum();
                let got =
                    w.step[c] * rows.step[t] * sums[t * n + c] as f32 + rows.offset[t] * w.sum[c];
                assert!((got - exact).abs() < 0.05, "{got} against {exact}");
            }
        }
    }

    #[test]
    fn a_constant_row_is_its_offset() {
        let mut rows = Rows::default();
        rows.fill(&[2.5; 8], 8);
        assert_eq!(rows.q, vec![0; 8]);
        assert_eq!(rows.offset, vec![2.5]);
    }
}
