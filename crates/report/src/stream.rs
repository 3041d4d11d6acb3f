//! Reports written story by story, as stories are settled, so that a run
//! over a day of news never holds the whole report.
//!
//! The JSON document keeps its shape (`schema_version`, `articles`,
//! `stories`): articles are written as their stories come, and the stories
//! wait in an anonymous temporary file until the articles are done. JSON
//! Lines gives one self-contained line per story instead.

use crate::{document, text, Flavour};
use crosscheck_model::{Analysis, Article, Story, SCHEMA_VERSION};
use std::io::{Read, Seek, Write};

/// Where a report goes, a story at a time.
pub trait StoryWriter {
    /// Writes the stories and the articles they are made of.
    fn write(
        &mut self,
        articles: &[Article],
        analyses: &[Analysis],
        stories: &[Story],
    ) -> std::io::Result<()>;
    /// Ends the report.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// Terminal or Markdown text, story after story.
pub struct Text<W: Write> {
    pub out: W,
    pub flavour: Flavour,
}

impl<W: Write> StoryWriter for Text<W> {
    fn write(&mut self, ar: &[Article], an: &[Analysis], st: &[Story]) -> std::io::Result<()> {
        self.out
            .write_all(text(ar, an, st, self.flavour).as_bytes())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One JSON line per story: `{"schema_version", "story", "articles"}`.
pub struct JsonLines<W: Write> {
    pub out: W,
}

impl<W: Write> StoryWriter for JsonLines<W> {
    fn write(&mut self, ar: &[Article], an: &[Analysis], st: &[Story]) -> std::io::Result<()> {
        let doc = document(ar, an, st);
        for story in st {
            let articles: Vec<_> = doc
                .articles
                .iter()
                .filter(|a| story.articles.iter().any(|id| id == a.id))
                .collect();
            let line = serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "story": story,
                "articles": articles,
            });
            serde_json::to_writer(&mut self.out, &line)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The JSON document, written as it grows (see the module doc).
pub struct Json<W: Write> {
    out: W,
    stories: std::fs::File,
    articles_written: usize,
    stories_written: usize,
}

impl<W: Write> Json<W> {
    /// Starts the document; the stories wait in a temporary file.
    pub fn new(mut out: W) -> std::io::Result<Json<W>> {
        write!(
            out,
            "{{\n  \"schema_version\": {},\n  \"articles\": [",
            serde_json::to_string(SCHEMA_VERSION)?
        )?;
        Ok(Json {
            out,
            stories: tempfile::tempfile()?,
            articles_written: 0,
            stories_written: 0,
        })
    }
}

/// An item of a top-level array, pretty-printed at the document's depth.
fn item(out: &mut impl Write, value: &impl serde::Serialize, first: bool) -> std::io::Result<()> {
    let pretty = serde_json::to_string_pretty(value)?;
    out.write_all(if first { b"\n" } else { b",\n" })?;
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"    ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

impl<W: Write> StoryWriter for Json<W> {
    fn write(&mut self, ar: &[Article], an: &[Analysis], st: &[Story]) -> std::io::Result<()> {
        let doc = document(ar, an, st);
        for a in &doc.articles {
            item(&mut self.out, a, self.articles_written == 0)?;
            self.articles_written += 1;
        }
        let mut spool = std::io::BufWriter::new(&mut self.stories);
        for s in st {
            item(&mut spool, s, self.stories_written == 0)?;
            self.stories_written += 1;
        }
        spool.flush()
    }
    fn finish(&mut self) -> std::io::Result<()> {
        let close = |n: usize| if n == 0 { "]" } else { "\n  ]" };
        write!(
            self.out,
            "{},\n  \"stories\": [",
            close(self.articles_written)
        )?;
        self.stories.rewind()?;
        let mut spooled = std::io::BufReader::new(&mut self.stories);
        std::io::copy(&mut spooled.by_ref(), &mut self.out)?;
        writeln!(self.out, "{}\n}}", close(self.stories_written))?;
        self.out.flush()
    }
}
