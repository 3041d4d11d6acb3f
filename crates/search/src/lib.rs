//! Search: full-text search over an archive's articles.
//!
//! Takes articles as [`Entry`] values (title, text, the people,
//! organisations and places they name, date, language, outlet, story); gives
//! ranked [`Hit`]s with a snippet whose matching words are marked. A tantivy
//! index in a folder beside the database. Words are cut and lower-cased but
//! not stemmed, so the same index serves English, Korean and Ukrainian.
//!
//! The database is the record; the index is derived from it. Each commit
//! stores the highest article id indexed as its payload, so after an
//! interrupted ingest the archive re-indexes what came after it.

use std::ops::Bound;
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Why the index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index {path}: cannot create folder: {source}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// One article as the index sees it.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub id: i64,
    pub title: String,
    pub text: String,
    /// Names of people, organisations and places, space-separated.
    pub entities: String,
    /// Days since 1970-01-01.
    pub day: Option<i64>,
    pub language: Option<String>,
    pub outlet: Option<String>,
    pub story: u64,
}

/// Filters and paging for [`Archive::search`].
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub language: Option<String>,
    /// Matched without regard to case, whole outlet name.
    pub outlet: Option<String>,
    pub story: Option<u64>,
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub score: f32,
    pub title: String,
    pub outlet: Option<String>,
    pub day: Option<i64>,
    pub language: Option<String>,
    pub story: u64,
    /// A passage of the text around the matching words.
    pub snippet: String,
    /// Byte ranges of matching words in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// What matched: the query's words, or (with the sentence encoder) its
    /// meaning, in any language the encoder reads.
    pub matched: Matched,
    /// Cosine of the query's and the article's sentence vectors, for a
    /// match on meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f32>,
}

/// How a [`Hit`] matched its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matched {
    Words,
    Meaning,
}

/// The first 220 bytes of a text (to a character's end): the snippet of
/// an article matched on something other than words of its text.
pub fn opening(text: &str) -> &str {
    let mut end = text.len().min(220);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    text: Field,
    entities: Field,
    day: Field,
    lang: Field,
    outlet: Field,
    outlet_key: Field,
    story: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        id: b.add_i64_field("id", INDEXED | STORED | FAST),
        title: b.add_text_field("title", TEXT | STORED),
        // Not stored: the database holds the text, and a second copy here
        // doubled the index and the work of merging it.
        text: b.add_text_field("text", TEXT),
        entities: b.add_text_field("entities", TEXT),
        day: b.add_i64_field("day", INDEXED | STORED | FAST),
        lang: b.add_text_field("lang", STRING | STORED),
        outlet: b.add_text_field("outlet", STORED),
        outlet_key: b.add_text_field("outlet_key", STRING),
        story: b.add_u64_field("story", INDEXED | STORED),
    };
    (b.build(), f)
}

/// An open search index.
pub struct Archive {
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    fields: Fields,
    path: String,
}

impl Archive {
    /// Opens the index in `dir`, creating it if needed.
    pub fn open(dir: &Path) -> Result<Archive> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Folder {
            path: path.clone(),
            source,
        })?;
        let (schema, fields) = schema();
        let open = |source| SearchError::Open {
            path: path.clone(),
            source,
        };
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| open(tantivy::TantivyError::from(e)))?;
        let index = Index::open_or_create(directory, schema).map_err(open)?;
        Self::with_index(index, fields, path)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Archive> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields, "memory".into())
    }

    fn with_index(index: Index, fields: Fields, path: String) -> Result<Archive> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Archive {
            index,
            reader,
            writer: None,
            fields,
            path,
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The highest article id a commit has recorded as indexed.
    pub fn indexed_up_to(&self) -> Result<i64> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            let w: IndexWriter = self.index.writer_with_num_threads(1, 64_000_000)?;
            // Segments stop growing by merges at 25,000 articles: merging
            // ever larger segments made memory and I/O grow with the
            // archive; a search over a few more segments costs little.
            let mut policy = tantivy::indexer::LogMergePolicy::default();
            policy.set_max_docs_before_merge(25_000);
            w.set_merge_policy(Box::new(policy));
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer was just set"))
    }

    /// Adds an article (visible to searches after [`Archive::commit`]).
    pub fn add(&mut self, e: &Entry) -> Result<()> {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.id, e.id);
        doc.add_text(f.title, &e.title);
        doc.add_text(f.text, &e.text);
        doc.add_text(f.entities, &e.entities);
        if let Some(d) = e.day {
            doc.add_i64(f.day, d);
        }
        if let Some(l) = &e.language {
            doc.add_text(f.lang, l);
        }
        if let Some(o) = &e.outlet {
            doc.add_text(f.outlet, o);
            doc.add_text(f.outlet_key, o.to_lowercase());
        }
        doc.add_u64(f.story, e.story);
        self.writer()?.add_document(doc)?;
        Ok(())
    }

    /// Replaces what the index holds of an article already added (its story
    /// changed when two stories were found to be one).
    pub fn replace(&mut self, e: &Entry) -> Result<()> {
        let id = self.fields.id;
        self.writer()?.delete_term(Term::from_field_i64(id, e.id));
        self.add(e)
    }

    /// Makes what was added durable and searchable, recording `up_to` as the
    /// highest article id indexed.
    pub fn commit(&mut self, up_to: i64) -> Result<()> {
        let w = self.writer()?;
        let mut prepared = w.prepare_commit()?;
        prepared.set_payload(&up_to.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of articles searchable now.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ranked articles matching every word of `query` (quotes make a
    /// phrase, `-word` excludes, `title:word` looks in titles only) and the
    /// filters. `text_of` gives an article's text, for its snippet.
    pub fn search(
        &self,
        query: &str,
        filter: &Filter,
        text_of: &dyn Fn(i64) -> Option<String>,
    ) -> Result<Vec<Hit>> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text, f.entities]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        parser.set_field_boost(f.entities, 1.5);
        // Lenient: a stray quote or colon in what a user types is not an
        // error, it is ignored.
        let (text_query, _errors) = parser.parse_query_lenient(query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        if filter.since.is_some() || filter.until.is_some() {
            let lo = filter.since.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.day, d))
            });
            let hi = filter.until.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.day, d))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if let Some(l) = &filter.language {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.lang, l),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(o) = &filter.outlet {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.outlet_key, &o.to_lowercase()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(s) = filter.story {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.story, s),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let limit = if filter.limit == 0 { 20 } else { filter.limit };
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &query, f.text)?;
        snippets.set_max_num_chars(220);
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let field_text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let id = doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0);
            let text = text_of(id).unwrap_or_default();
            let snippet = snippets.snippet(&text);
            let mut fragment = snippet.fragment().to_string();
            let mut highlights: Vec<(usize, usize)> = snippet
                .highlighted()
                .iter()
                .map(|r| (r.start, r.end))
                .collect();
            if fragment.is_empty() {
                // Matched on the title or names only: show the opening.
                fragment = opening(&text).to_string();
                highlights.clear();
            }
            out.push(Hit {
                id,
                score,
                title: field_text(f.title).unwrap_or_default(),
                outlet: field_text(f.outlet),
                day: doc.get_first(f.day).and_then(|v| v.as_i64()),
                language: field_text(f.lang),
                story: doc.get_first(f.story).and_then(|v| v.as_u64()).unwrap_or(0),
                snippet: fragment,
                highlights,
                matched: Matched::Words,
                similarity: None,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        id: i64,
        title: &str,
        text: &str,
        day: i64,
        lang: &str,
        outlet: &str,
        story: u64,
    ) -> Entry {
        Entry {
            id,
            title: title.into(),
            text: text.into(),
            entities: String::new(),
            day: Some(day),
            language: Some(lang.into()),
            outlet: Some(outlet.into()),
            story,
        }
    }

    fn text_of(id: i64) -> Option<String> {
        Some(
            match id {
                1 => "The ferry Nordlys ran aground off Hareid with 212 passengers aboard.",
                2 => "Rescuers brought the ferry passengers ashore near Hareid.",
                3 => "Пором Nordlys сів на мілину біля Хареїда, пасажирів евакуювали.",
                _ => "The council approved new bike lanes and a ferry subsidy.",
            }
            .to_string(),
        )
    }

    fn archive() -> Archive {
        let mut a = Archive::in_memory().unwrap();
        a.add(&entry(
            1,
            "Ferry aground off Hareid",
            "The ferry Nordlys ran aground off Hareid with 212 passengers aboard.",
            100,
            "en",
            "Coast Gazette",
            1,
        ))
        .unwrap();
        a.add(&entry(
            2,
            "Passengers evacuated",
            "Rescuers brought the ferry passengers ashore near Hareid.",
            102,
            "en",
            "Fjord Post",
            1,
        ))
        .unwrap();
        a.add(&entry(
            3,
            "Пором сів на мілину",
            "Пором Nordlys сів на мілину біля Хареїда, пасажирів евакуювали.",
            101,
            "uk",
            "Київський вісник",
            1,
        ))
        .unwrap();
        a.add(&entry(
            4,
            "City budget",
            "The council approved new bike lanes and a ferry subsidy.",
            90,
            "en",
            "Coast Gazette",
            2,
        ))
        .unwrap();
        a.commit(4).unwrap();
        a
    }

    fn ids(hits: &[Hit]) -> Vec<i64> {
        let mut v: Vec<i64> = hits.iter().map(|h| h.id).collect();
        v.sort();
        v
    }

    #[test]
    fn every_word_must_match_and_titles_rank_first() {
        let a = archive();
        let hits = a
            .search("ferry Hareid", &Filter::default(), &text_of)
            .unwrap();
        assert_eq!(ids(&hits), vec![1, 2]);
        assert_eq!(hits[0].id, 1, "the title match ranks first");
        assert!(hits[0].highlights.iter().all(|&(s, e)| {
            let w = hits[0].snippet[s..e].to_lowercase();
            w == "ferry" || w == "hareid"
        }));
        assert_eq!(
            ids(&a.search("пором", &Filter::default(), &text_of).unwrap()),
            vec![3]
        );
        assert!(a
            .search("\"unbalanced", &Filter::default(), &text_of)
            .is_ok());
    }

    #[test]
    fn filters_narrow_the_results() {
        let a = archive();
        let f = |flt: Filter| ids(&a.search("ferry", &flt, &text_of).unwrap());
        assert_eq!(
            f(Filter {
                since: Some(101),
                ..Default::default()
            }),
            vec![2]
        );
        assert_eq!(
            f(Filter {
                until: Some(95),
                ..Default::default()
            }),
            vec![4]
        );
        assert_eq!(
            f(Filter {
                outlet: Some("coast gazette".into()),
                ..Default::default()
            }),
            vec![1, 4]
        );
        assert_eq!(
            f(Filter {
                story: Some(2),
                ..Default::default()
            }),
            vec![4]
        );
        assert_eq!(
            ids(&a
                .search(
                    "Nordlys",
                    &Filter {
                        language: Some("uk".into()),
                        ..Default::default()
                    },
                    &text_of
                )
                .unwrap()),
            vec![3]
        );
    }

    #[test]
    fn the_payload_records_progress_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut a = Archive::open(dir.path()).unwrap();
            assert_eq!(a.indexed_up_to().unwrap(), 0);
            a.add(&entry(7, "Ferry", "A ferry story.", 1, "en", "X", 1))
                .unwrap();
            a.commit(7).unwrap();
        }
        let a = Archive::open(dir.path()).unwrap();
        assert_eq!(a.indexed_up_to().unwrap(), 7);
        assert_eq!(a.len(), 1);
    }
}
