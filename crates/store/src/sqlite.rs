//! The embedded backend: one SQLite file in WAL mode.
//!
//! Durability: every [`Store::commit`] is a SQLite transaction, and WAL with
//! `synchronous=NORMAL` keeps committed transactions through a killed
//! process (only a power cut can lose the last ones). The archive ingest
//! reports an article as stored only after the commit that holds it.

use crate::{
    Counts, Entity, NewArticle, Recent, Result, Store, StoreError, Stored, StoryFilter, StoryState,
    StorySummary,
};
use crosscheck_model::Article;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::path::Path;

/// Schema migrations, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    // 1: articles, LSH bands, stories, clusterer state.
    "CREATE TABLE articles(
        id INTEGER PRIMARY KEY,
        raw_hash INTEGER NOT NULL,
        content_hash INTEGER NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        publisher TEXT,
        language TEXT,
        published TEXT,
        day INTEGER,
        story INTEGER NOT NULL,
        copy_of INTEGER,
        entities TEXT NOT NULL,
        upstreams TEXT NOT NULL,
        signature BLOB NOT NULL,
        article BLOB NOT NULL,
        ingested_at INTEGER NOT NULL
    );
    CREATE INDEX articles_raw ON articles(raw_hash);
    CREATE INDEX articles_story ON articles(story, day);
    CREATE INDEX articles_copy ON articles(copy_of);
    CREATE TABLE bands(
        key INTEGER NOT NULL,
        article INTEGER NOT NULL,
        PRIMARY KEY(key, article)
    ) WITHOUT ROWID;
    CREATE TABLE stories(
        id INTEGER PRIMARY KEY,
        first_day INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        size INTEGER NOT NULL,
        centroid BLOB NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_day);
    CREATE TABLE state(key TEXT PRIMARY KEY, value BLOB NOT NULL);",
    // 2: copy candidates come from an in-memory index of recent articles,
    // rebuilt from stored signatures; the band table (a random write per
    // band per article) goes.
    "DROP TABLE bands;
    CREATE INDEX articles_day ON articles(day);",
    // 3: each article's sentence vector (headline and lead) when the
    // encoder read it, for search by meaning.
    "ALTER TABLE articles ADD COLUMN meaning BLOB;",
];

/// A SQLite store.
pub struct Sqlite {
    conn: Connection,
}

const ARTICLE_COLUMNS: &str = "id, article, day, story, copy_of, entities, upstreams";

fn stored(row: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

type Row = (i64, Vec<u8>, Option<i64>, i64, Option<i64>, String, String);

/// Largest article a row may unpack to; a bigger claim is a corrupt row.
const MAX_ARTICLE_BYTES: usize = 256 * 1024 * 1024;

/// Articles are stored as LZ4-compressed JSON: their text appears twice in
/// it (whole, and by paragraph), which LZ4 folds away, and the database is
/// a third of the size.
fn pack(article: &Article) -> Vec<u8> {
    let json = serde_json::to_vec(article).unwrap_or_default();
    lz4_flex::compress_prepend_size(&json)
}

fn unpack(id: i64, bytes: &[u8]) -> Result<Article> {
    let corrupt = |reason: String| StoreError::Corrupt { id, reason };
    let claimed = bytes
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or_else(|| corrupt("empty article".into()))?;
    if claimed > MAX_ARTICLE_BYTES {
        return Err(corrupt(format!("claims {claimed} bytes")));
    }
    let json = lz4_flex::decompress_size_prepended(bytes).map_err(|e| corrupt(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| corrupt(e.to_string()))
}

fn decode(r: Row) -> Result<Stored> {
    let (id, article, day, story, copy_of, entities, upstreams) = r;
    let corrupt = |e: serde_json::Error| StoreError::Corrupt {
        id,
        reason: e.to_string(),
    };
    let mut article: Article = unpack(id, &article)?;
    article.id = id.to_string();
    Ok(Stored {
        id,
        article,
        day,
        story: story as u64,
        copy_of,
        entities: serde_json::from_str::<Vec<Entity>>(&entities).map_err(corrupt)?,
        upstreams: serde_json::from_str::<Vec<String>>(&upstreams).map_err(corrupt)?,
    })
}

impl Sqlite {
    /// The opening words of a story's first article
    /// ([`crosscheck_model::titles::opening`]).
    fn story_opening(&self, story: i64) -> Result<Option<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, article FROM articles WHERE story = ?1 ORDER BY day IS NULL, day, id LIMIT 1",
        )?;
        let row: Option<(i64, Vec<u8>)> = st
            .query_row([story], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            Some((id, bytes)) => crosscheck_model::titles::opening(&unpack(id, &bytes)?.text),
            None => None,
        })
    }

    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: name.clone(),
            source,
        })?;
        Self::setup(conn, &name)
    }

    /// A database in memory, for tests.
    pub fn in_memory() -> Result<Sqlite> {
        Self::setup(Connection::open_in_memory()?, ":memory:")
    }

    fn setup(conn: Connection, name: &str) -> Result<Sqlite> {
        let open_err = |source| StoreError::Open {
            path: name.to_string(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // journal_mode answers with a row, so it is queried, not executed.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        // A 16 MiB page cache (SQLite's default is 2 MiB): the hash indexes
        // are written at random places. Bounded, so memory stays flat.
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16384;",
        )
        .map_err(open_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: name.to_string(),
                found: version,
                known,
            });
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let sql = format!("BEGIN; {m}; PRAGMA user_version={}; COMMIT;", i + 1);
            if let Err(e) = conn.execute_batch(&sql) {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(open_err(e));
            }
        }
        Ok(Sqlite { conn })
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn query_articles(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Stored>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows: Vec<Row> = st
            .query_map(params, stored)?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(decode).collect()
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store for Sqlite {
    fn begin(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn seen_raw(&self, raw_hash: i64) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE raw_hash = ?1 LIMIT 1")?;
        Ok(st.exists([raw_hash])?)
    }

    fn find_content(&self, content_hash: i64) -> Result<Option<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?;
        Ok(st.query_row([content_hash], |r| r.get(0)).optional()?)
    }

    fn recent(&self, since_day: i64) -> Result<Vec<Recent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, day, signature, story, COALESCE(copy_of, id) FROM articles
             WHERE day >= ?1 ORDER BY day, id",
        )?;
        let rows = st.query_map([since_day], |r| {
            Ok(Recent {
                id: r.get(0)?,
                day: r.get(1)?,
                signature: r.get(2)?,
                story: r.get::<_, i64>(3)? as u64,
                group: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn latest_day(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT MAX(day) FROM articles", [], |r| r.get(0))?)
    }

    fn insert(&mut self, a: &NewArticle) -> Result<i64> {
        let art = &a.article;
        let packed = pack(art);
        let entities = serde_json::to_string(&a.entities).unwrap_or_else(|_| "[]".into());
        let upstreams = serde_json::to_string(&a.upstreams).unwrap_or_else(|_| "[]".into());
        {
            let mut st = self.conn.prepare_cached(
                "INSERT INTO articles(raw_hash, content_hash, source, url, title, publisher,
                    language, published, day, story, copy_of, entities, upstreams, signature,
                    article, ingested_at, meaning)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?;
            st.execute(params![
                a.raw_hash,
                a.content_hash,
                art.source,
                art.url,
                art.title,
                art.publisher,
                art.language,
                art.published,
                a.day,
                a.story as i64,
                a.copy_of,
                entities,
                upstreams,
                a.signature,
                packed,
                now(),
                a.meaning,
            ])?;
        }
        Ok(self.conn.last_insert_rowid())
    }

    fn save_stories(&mut self, stories: &[StoryState]) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "INSERT INTO stories(id, first_day, last_day, size, centroid) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET first_day = excluded.first_day,
                last_day = excluded.last_day, size = excluded.size, centroid = excluded.centroid",
        )?;
        for s in stories {
            st.execute(params![
                s.id as i64,
                s.first_day,
                s.last_day,
                s.size,
                s.centroid
            ])?;
        }
        Ok(())
    }

    fn open_stories(&self, since_day: i64) -> Result<Vec<StoryState>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, first_day, last_day, size, centroid FROM stories WHERE last_day >= ?1",
        )?;
        let rows = st.query_map([since_day], |r| {
            Ok(StoryState {
                id: r.get::<_, i64>(0)? as u64,
                first_day: r.get(1)?,
                last_day: r.get(2)?,
                size: r.get(3)?,
                centroid: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn bump_story(&mut self, id: u64, day: Option<i64>) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "UPDATE stories SET size = size + 1,
                first_day = MIN(first_day, COALESCE(?2, first_day)),
                last_day = MAX(last_day, COALESCE(?2, last_day))
             WHERE id = ?1",
        )?;
        st.execute(params![id as i64, day])?;
        Ok(())
    }

    fn merge_story(&mut self, gone: u64, keep: u64) -> Result<Vec<Stored>> {
        let mut moved = self.story_articles(gone)?;
        self.conn
            .prepare_cached("UPDATE articles SET story = ?2 WHERE story = ?1")?
            .execute(params![gone as i64, keep as i64])?;
        self.conn
            .prepare_cached("DELETE FROM stories WHERE id = ?1")?
            .execute(params![gone as i64])?;
        for m in &mut moved {
            m.story = keep;
        }
        Ok(moved)
    }

    fn story_bounds(&self) -> Result<(Option<i64>, Option<u64>)> {
        Ok(self
            .conn
            .query_row("SELECT MAX(last_day), MAX(id) FROM stories", [], |r| {
                Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.map(|i| i as u64)))
            })?)
    }

    fn save_state(&mut self, key: &str, value: &[u8]) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "INSERT INTO state(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?;
        st.execute(params![key, value])?;
        Ok(())
    }

    fn load_state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT value FROM state WHERE key = ?1")?;
        Ok(st.query_row([key], |r| r.get(0)).optional()?)
    }

    fn article(&self, id: i64) -> Result<Option<Stored>> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        Ok(self.query_articles(&sql, [id])?.into_iter().next())
    }

    fn story_languages_and_meanings(&self, story: u64) -> Result<(Vec<String>, Vec<Vec<u8>>)> {
        let mut st = self
            .conn
            .prepare_cached("SELECT language, meaning FROM articles WHERE story = ?1")?;
        let mut rows = st.query([story as i64])?;
        let (mut languages, mut meanings) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            if let Some(l) = r.get::<_, Option<String>>(0)? {
                languages.push(l);
            }
            if let Some(m) = r.get::<_, Option<Vec<u8>>>(1)? {
                meanings.push(m);
            }
        }
        languages.sort();
        languages.dedup();
        Ok((languages, meanings))
    }

    fn meanings(&self, each: &mut dyn FnMut(i64, &[u8])) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, meaning FROM articles WHERE meaning IS NOT NULL ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let rusqlite::types::ValueRef::Blob(b) = r.get_ref(1)? {
                each(id, b);
            }
        }
        Ok(())
    }

    fn story_articles(&self, story: u64) -> Result<Vec<Stored>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE story = ?1
             ORDER BY day IS NULL, day, published, id"
        );
        self.query_articles(&sql, [story as i64])
    }

    fn story_size(&self, story: u64) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM articles WHERE story = ?1")?
            .query_row([story as i64], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn copy_group(&self, id: i64) -> Result<Vec<Stored>> {
        let root: Option<i64> = self
            .conn
            .prepare_cached("SELECT COALESCE(copy_of, id) FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let Some(root) = root else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1 OR copy_of = ?1
             ORDER BY published IS NULL, published, id"
        );
        self.query_articles(&sql, [root])
    }

    fn stories(&self, f: &StoryFilter) -> Result<Vec<StorySummary>> {
        // Story-level filters: any article of the story may match.
        let mut conds = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(d) = f.since {
            conds.push("s.last_day >= ?");
            args.push(d.into());
        }
        if let Some(d) = f.until {
            conds.push("s.first_day <= ?");
            args.push(d.into());
        }
        if let Some(l) = &f.language {
            conds.push("EXISTS (SELECT 1 FROM articles x WHERE x.story = s.id AND x.language = ?)");
            args.push(l.clone().into());
        }
        if let Some(o) = &f.outlet {
            conds.push(
                "EXISTS (SELECT 1 FROM articles x WHERE x.story = s.id AND x.publisher LIKE ?)",
            );
            args.push(format!("%{o}%").into());
        }
        conds.push("s.size >= ?");
        args.push((f.min_size as i64).into());
        let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
        args.push(limit.into());
        let sql = format!(
            "SELECT s.id FROM stories s WHERE {} ORDER BY s.last_day DESC, s.id DESC LIMIT ?",
            conds.join(" AND ")
        );
        let ids: Vec<i64> = {
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(args), |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut out = Vec::with_capacity(ids.len());
        let mut st = self.conn.prepare_cached(
            "SELECT COUNT(*), COUNT(DISTINCT COALESCE(copy_of, id)), MIN(day), MAX(day),
                    GROUP_CONCAT(DISTINCT publisher), GROUP_CONCAT(DISTINCT language)
             FROM articles WHERE story = ?1",
        )?;
        let mut titles_of = self.conn.prepare_cached(
            "SELECT title, language FROM articles
             WHERE story = ?1 AND TRIM(COALESCE(title, '')) <> '' ORDER BY day IS NULL, day, id",
        )?;
        let reader = crosscheck_model::titles::reader_language();
        for id in ids {
            let row = st.query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?;
            let titles: Vec<(String, Option<String>)> = titles_of
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let titles: Vec<(&str, Option<&str>)> = titles
                .iter()
                .map(|(t, l)| (t.as_str(), l.as_deref()))
                .collect();
            let split = |s: Option<String>| {
                let mut v: Vec<String> = s
                    .unwrap_or_default()
                    .split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect();
                v.sort();
                v
            };
            // A story row is a link: it needs words to click on; a story of
            // untitled excerpts is named by its first article's opening.
            let title = match crosscheck_model::titles::representative(&titles, &reader) {
                Some(t) => t,
                None => self
                    .story_opening(id)?
                    .unwrap_or_else(|| "(untitled)".into()),
            };
            out.push(StorySummary {
                id: id as u64,
                title,
                articles: row.0 as u64,
                texts: row.1 as u64,
                first: row.2.map(crate::date_of),
                last: row.3.map(crate::date_of),
                outlets: split(row.4),
                languages: split(row.5),
            });
        }
        Ok(out)
    }

    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<Stored>> {
        let sql =
            format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2");
        self.query_articles(&sql, params![after, limit as i64])
    }

    fn counts(&self) -> Result<Counts> {
        Ok(self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories),
                    (SELECT COUNT(DISTINCT copy_of) FROM articles WHERE copy_of IS NOT NULL)",
            [],
            |r| {
                Ok(Counts {
                    articles: r.get::<_, i64>(0)? as u64,
                    stories: r.get::<_, i64>(1)? as u64,
                    copy_groups: r.get::<_, i64>(2)? as u64,
                })
            },
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(hash: i64, story: u64, copy_of: Option<i64>, published: &str) -> NewArticle {
        NewArticle {
            raw_hash: hash * 10,
            content_hash: hash,
            article: Article {
                source: format!("f{hash}.html"),
                title: Some(format!("Title {hash}")),
                publisher: Some(format!("Outlet {hash}")),
                language: Some("en".into()),
                published: Some(published.into()),
                text: "Body.".into(),
                ..Default::default()
            },
            day: crate::day_of(published),
            entities: vec![Entity {
                kind: "place".into(),
                name: "Hareid".into(),
            }],
            upstreams: vec!["NTB".into()],
            signature: vec![1, 2, 3],
            story,
            copy_of,
            meaning: (hash % 2 == 1).then(|| vec![hash as u8; 5]),
        }
    }

    #[test]
    fn meanings_are_kept_for_the_articles_that_have_one() {
        let mut s = Sqlite::in_memory().unwrap();
        s.begin().unwrap();
        let ids: Vec<i64> = (1..=3)
            .map(|h| s.insert(&new(h, 7, None, "2025-12-20")).unwrap())
            .collect();
        s.commit().unwrap();
        let mut seen = Vec::new();
        s.meanings(&mut |id, b| seen.push((id, b.to_vec())))
            .unwrap();
        assert_eq!(seen, vec![(ids[0], vec![1; 5]), (ids[2], vec![3; 5])]);
        let (languages, meanings) = s.story_languages_and_meanings(7).unwrap();
        assert_eq!(languages, vec!["en".to_string()]);
        assert_eq!(meanings, vec![vec![1; 5], vec![3; 5]]);
    }

    #[test]
    fn articles_stories_and_copies_round_trip() {
        let mut s = Sqlite::in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        s.begin().unwrap();
        let a = s.insert(&new(1, 7, None, "2025-12-20")).unwrap();
        let b = s.insert(&new(2, 7, Some(a), "2025-12-21")).unwrap();
        s.insert(&new(3, 8, None, "2025-12-22")).unwrap();
        s.save_stories(&[
            StoryState {
                id: 7,
                first_day: 20442,
                last_day: 20443,
                size: 2,
                centroid: vec![],
            },
            StoryState {
                id: 8,
                first_day: 20444,
                last_day: 20444,
                size: 1,
                centroid: vec![],
            },
        ])
        .unwrap();
        s.commit().unwrap();
        assert!(s.seen_raw(10).unwrap());
        assert!(!s.seen_raw(11).unwrap());
        assert_eq!(s.find_content(2).unwrap(), Some(b));
        let r = s.recent(20443).unwrap();
        assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b, b + 1]);
        assert_eq!(r[0].group, a, "a copy's group is its first article");
        assert_eq!(s.latest_day().unwrap(), Some(20444));
        let group = s.copy_group(b).unwrap();
        assert_eq!(group.iter().map(|g| g.id).collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(group[1].article.id, b.to_string());
        let list = s.stories(&StoryFilter::default()).unwrap();
        assert_eq!(list.iter().map(|l| l.id).collect::<Vec<_>>(), vec![8, 7]);
        assert_eq!(list[1].articles, 2);
        assert_eq!(list[1].texts, 1, "a copy is not a second text");
        assert_eq!(list[1].first.as_deref(), Some("2025-12-20"));
        let since = s
            .stories(&StoryFilter {
                since: crate::day_of("2025-12-22"),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(since.len(), 1);
        let outlet = s
            .stories(&StoryFilter {
                outlet: Some("Outlet 2".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(outlet.iter().map(|l| l.id).collect::<Vec<_>>(), vec![7]);
        assert_eq!(s.story_articles(7).unwrap().len(), 2);
        assert_eq!(s.open_stories(20444).unwrap().len(), 1);
        assert_eq!(s.story_bounds().unwrap(), (Some(20444), Some(8)));
        s.bump_story(8, Some(20450)).unwrap();
        assert_eq!(s.open_stories(20450).unwrap()[0].size, 2);
        let c = s.counts().unwrap();
        assert_eq!((c.articles, c.stories, c.copy_groups), (3, 2, 1));
    }

    #[test]
    fn a_merged_story_gives_its_articles_to_the_story_that_took_it() {
        let mut s = Sqlite::in_memory().unwrap();
        s.begin().unwrap();
        let a = s.insert(&new(1, 7, None, "2025-12-20")).unwrap();
        let b = s.insert(&new(2, 8, None, "2025-12-21")).unwrap();
        let state = |id| StoryState {
            id,
            first_day: 20442,
            last_day: 20443,
            size: 1,
            centroid: vec![],
        };
        s.save_stories(&[state(7), state(8)]).unwrap();
        let moved = s.merge_story(8, 7).unwrap();
        s.commit().unwrap();
        assert_eq!(
            moved.iter().map(|m| (m.id, m.story)).collect::<Vec<_>>(),
            vec![(b, 7)]
        );
        let ids: Vec<i64> = s.story_articles(7).unwrap().iter().map(|x| x.id).collect();
        assert_eq!(ids, vec![a, b]);
        assert!(s.story_articles(8).unwrap().is_empty());
        let list = s.stories(&StoryFilter::default()).unwrap();
        assert_eq!(list.iter().map(|l| l.id).collect::<Vec<_>>(), vec![7]);
    }

    /// A story is listed under its representative title
    /// (`crosscheck_model::titles`) among the articles that have one, and
    /// by its first article's opening words when none has (a row must have
    /// words to click on), "(untitled)" only when it has no text either.
    #[test]
    fn a_story_without_titles_is_listed_by_its_opening() {
        let mut s = Sqlite::in_memory().unwrap();
        s.begin().unwrap();
        let mut first = new(1, 1, None, "2025-12-20");
        first.article.title = Some(String::new());
        s.insert(&first).unwrap();
        s.insert(&new(2, 1, None, "2025-12-21")).unwrap();
        let mut alone = new(3, 2, None, "2025-12-22");
        alone.article.title = None;
        s.insert(&alone).unwrap();
        let state = |id, size| StoryState {
            id,
            first_day: 20442,
            last_day: 20444,
            size,
            centroid: vec![],
        };
        s.save_stories(&[state(1, 2), state(2, 1)]).unwrap();
        s.commit().unwrap();
        let list = s.stories(&StoryFilter::default()).unwrap();
        let title = |id| list.iter().find(|l| l.id == id).map(|l| l.title.clone());
        assert_eq!(title(1).as_deref(), Some("Title 2"));
        assert_eq!(title(2).as_deref(), Some("Body."));
    }

    #[test]
    fn a_second_insert_of_one_content_is_refused_and_nothing_is_lost() {
        let mut s = Sqlite::in_memory().unwrap();
        s.begin().unwrap();
        s.insert(&new(1, 1, None, "2025-12-20")).unwrap();
        assert!(s.insert(&new(1, 1, None, "2025-12-20")).is_err());
        s.commit().unwrap();
        assert_eq!(s.counts().unwrap().articles, 1);
    }

    #[test]
    fn reopening_keeps_data_and_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        {
            let mut s = Sqlite::open(&path).unwrap();
            s.begin().unwrap();
            s.insert(&new(1, 1, None, "2025-12-20")).unwrap();
            s.save_state("df", &[1, 2]).unwrap();
            s.commit().unwrap();
        }
        let s = Sqlite::open(&path).unwrap();
        assert_eq!(s.counts().unwrap().articles, 1);
        assert_eq!(s.load_state("df").unwrap(), Some(vec![1, 2]));
        assert_eq!(s.load_state("nope").unwrap(), None);
        s.conn.execute_batch("PRAGMA user_version=99").unwrap();
        drop(s);
        let e = Sqlite::open(&path).err().unwrap().to_string();
        assert!(e.contains("schema version 99"), "{e}");
    }
}
