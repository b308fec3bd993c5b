//! The region gazetteer: every Kemendagri province, regency/city, district and village with its
//! name and kind, the aliases people write, the pre-2022 Papua codes, and a typo-tolerant name
//! search that understands the hierarchy (`sukamaju cibungbulang bogor`).
//!
//! The data lives in `data/regions/` (see its `SOURCE.md`); [`Gazetteer::embedded`] holds a
//! copy compiled into the binary. Regions are kept level by level, each level sorted by code,
//! so a lookup is a binary search and the children of a region are one contiguous slice.

mod index;
mod load;
mod normalise;
mod search;

use std::sync::OnceLock;

use serde::Serialize;

use crate::{RegionCode, RegionLevel};

pub use load::GazetteerError;
pub use search::{MatchedTerm, SearchHit};

crate::slug_enum! {
    /// What a region is, as Kemendagri names it: the level and, for regencies and villages,
    /// which of the two (or three) forms of government it has.
    RegionKind, field = "kind", code = "unknown_region_kind", what = ("Jenis wilayah", "region kind") {
        Provinsi = "provinsi", "Provinsi", "Province";
        Kabupaten = "kabupaten", "Kabupaten", "Regency";
        Kota = "kota", "Kota", "City";
        Kecamatan = "kecamatan", "Kecamatan", "District";
        Desa = "desa", "Desa", "Village";
        Kelurahan = "kelurahan", "Kelurahan", "Urban village";
        DesaAdat = "desa_adat", "Desa adat", "Customary village";
    }
}

impl RegionKind {
    pub fn level(self) -> RegionLevel {
        match self {
            RegionKind::Provinsi => RegionLevel::Province,
            RegionKind::Kabupaten | RegionKind::Kota => RegionLevel::Regency,
            RegionKind::Kecamatan => RegionLevel::District,
            RegionKind::Desa | RegionKind::Kelurahan | RegionKind::DesaAdat => RegionLevel::Village,
        }
    }
}

/// One region. `name` is the bare name (`Bogor`); [`Region::display_name`] adds the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub kind: RegionKind,
}

impl Region {
    pub fn level(&self) -> RegionLevel {
        self.kind.level()
    }

    /// The full name: `Provinsi Jawa Barat`, `Kabupaten Bogor`, `Kota Administrasi Jakarta
    /// Selatan`, `Kecamatan Cibungbulang` (`Distrik …` in the Papua provinces), `Desa Sukamaju`.
    pub fn display_name(&self) -> String {
        let prefix = match self.kind {
            RegionKind::Kabupaten if self.in_jakarta() => "Kabupaten Administrasi",
            RegionKind::Kota if self.in_jakarta() => "Kota Administrasi",
            RegionKind::Kecamatan if self.in_papua() => "Distrik",
            RegionKind::DesaAdat => "Desa Adat",
            kind => kind.label(),
        };
        format!("{prefix} {}", self.name)
    }

    /// The name as an address line writes it: `Jawa Barat`, `Kab. Bogor`, `Kota Bogor`,
    /// `Kota Adm. Jakarta Selatan`, `Kec. Cibungbulang`, `Desa Sukamaju`, `Kel. Menteng`.
    pub fn short_name(&self) -> String {
        let prefix = match self.kind {
            RegionKind::Provinsi => return self.name.clone(),
            RegionKind::Kabupaten if self.in_jakarta() => "Kab. Adm.",
            RegionKind::Kabupaten => "Kab.",
            RegionKind::Kota if self.in_jakarta() => "Kota Adm.",
            RegionKind::Kota => "Kota",
            RegionKind::Kecamatan if self.in_papua() => "Distrik",
            RegionKind::Kecamatan => "Kec.",
            RegionKind::Desa => "Desa",
            RegionKind::Kelurahan => "Kel.",
            RegionKind::DesaAdat => "Desa Adat",
        };
        format!("{prefix} {}", self.name)
    }

    fn in_jakarta(&self) -> bool {
        self.code.province() == "31"
    }

    fn in_papua(&self) -> bool {
        matches!(
            self.code.province(),
            "91" | "92" | "93" | "94" | "95" | "96"
        )
    }
}

/// The size of a gazetteer in memory, for `sigap bench` and `docs/PERFORMANCE.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GazetteerStats {
    pub regions: usize,
    pub aliases: usize,
    /// Distinct normalised name tokens in the search index.
    pub tokens: usize,
    /// Name forms indexed: official names, their variants, and aliases.
    pub name_forms: usize,
    /// Heap bytes held, estimated from lengths and capacities (allocator overhead included
    /// at 16 bytes per allocation).
    pub heap_bytes: usize,
}

/// How many regions each level has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RegionCounts {
    pub province: usize,
    pub regency: usize,
    pub district: usize,
    pub village: usize,
}

const NO_PARENT: u32 = u32::MAX;

/// Every region, its aliases and the legacy Papua codes, with a name index for [`search`].
///
/// [`search`]: Gazetteer::search
pub struct Gazetteer {
    /// Level by level (provinces first), each level sorted by code.
    regions: Vec<Region>,
    /// Regions of level `l` are `regions[level_start[l]..level_start[l + 1]]`.
    level_start: [usize; 5],
    /// The index of each region's parent, or `NO_PARENT`.
    parent: Vec<u32>,
    /// The index range of each region's children.
    children: Vec<(u32, u32)>,
    /// Alias as written in `aliases.tsv`, and the index of the region it names.
    aliases: Vec<(String, u32)>,
    /// Pre-2022 Papua regency codes and their current codes, sorted by the old code.
    legacy: Vec<(RegionCode, RegionCode)>,
    index: index::NameIndex,
}

static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();

/// The three files of `data/regions/`, compiled in.
pub const REGIONS_TSV: &str = include_str!("../../../../data/regions/regions.tsv");
pub const ALIASES_TSV: &str = include_str!("../../../../data/regions/aliases.tsv");
pub const PAPUA_2022_TSV: &str = include_str!("../../../../data/regions/papua-2022.tsv");

impl Gazetteer {
    /// Reads the three files of `data/regions/` (formats in its `SOURCE.md`) and builds the
    /// name index. Every problem is reported with its file and line.
    pub fn parse(
        regions_tsv: &str,
        aliases_tsv: &str,
        papua_tsv: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let by_file_order = load::regions(regions_tsv)?;
        let mut levels: [Vec<Region>; 4] = Default::default();
        for region in by_file_order {
            levels[region.level() as usize].push(region);
        }
        let mut level_start = [0; 5];
        for (l, level) in levels.iter().enumerate() {
            level_start[l + 1] = level_start[l] + level.len();
        }
        let regions: Vec<Region> = levels.into_iter().flatten().collect();
        let mut gazetteer = Gazetteer {
            parent: vec![NO_PARENT; regions.len()],
            children: vec![(0, 0); regions.len()],
            regions,
            level_start,
            aliases: Vec::new(),
            legacy: Vec::new(),
            index: index::NameIndex::default(),
        };
        gazetteer.link_parents();
        let lookup = |code: &RegionCode| gazetteer.index_of(code.as_str());
        let aliases = load::aliases(aliases_tsv, lookup)?;
        let legacy = load::legacy(papua_tsv, lookup)?;
        gazetteer.aliases = aliases;
        gazetteer.legacy = legacy;
        gazetteer.index = index::NameIndex::build(&gazetteer.regions, &gazetteer.aliases);
        Ok(gazetteer)
    }

    /// The gazetteer built from the files compiled into the binary, parsed on first use.
    ///
    /// # Panics
    ///
    /// If the compiled-in data is invalid, which the crate's tests rule out.
    pub fn embedded() -> &'static Gazetteer {
        EMBEDDED.get_or_init(
            || match Gazetteer::parse(REGIONS_TSV, ALIASES_TSV, PAPUA_2022_TSV) {
                Ok(g) => g,
                Err(e) => panic!("the region data compiled into sigap-core is invalid: {e}"),
            },
        )
    }

    /// Parents and children, by index. `load::regions` has checked that every parent exists.
    fn link_parents(&mut self) {
        for i in self.level_start[1]..self.regions.len() {
            let parent = self.regions[i]
                .code
                .parent()
                .and_then(|p| self.index_of(p.as_str()));
            if let Some(p) = parent {
                self.parent[i] = p as u32;
                let range = &mut self.children[p];
                if range.1 == 0 {
                    *range = (i as u32, i as u32 + 1);
                } else {
                    range.1 = i as u32 + 1;
                }
            }
        }
    }

    fn index_of(&self, code: &str) -> Option<usize> {
        let level = code.bytes().filter(|&b| b == b'.').count();
        if level > 3 {
            return None;
        }
        let (start, end) = (self.level_start[level], self.level_start[level + 1]);
        let slice = &self.regions[start..end];
        slice
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| start + i)
    }

    /// All regions, provinces first, then regencies, districts and villages, each sorted by code.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The regions of one level, sorted by code.
    pub fn level(&self, level: RegionLevel) -> &[Region] {
        let l = level as usize;
        &self.regions[self.level_start[l]..self.level_start[l + 1]]
    }

    pub fn get(&self, code: &RegionCode) -> Option<&Region> {
        self.index_of(code.as_str()).map(|i| &self.regions[i])
    }

    /// The region with this code, dotted or not (`32.01`, `3201`); `None` when the text is not
    /// a code or no region has it.
    pub fn get_str(&self, code: &str) -> Option<&Region> {
        RegionCode::parse(code).ok().and_then(|c| self.get(&c))
    }

    /// True when a region with this code exists.
    pub fn contains(&self, code: &RegionCode) -> bool {
        self.index_of(code.as_str()).is_some()
    }

    /// The regions directly below `code`, sorted by code (empty for a village or an unknown code).
    pub fn children(&self, code: &RegionCode) -> &[Region] {
        match self.index_of(code.as_str()) {
            Some(i) => {
                let (start, end) = self.children[i];
                &self.regions[start as usize..end as usize]
            }
            None => &[],
        }
    }

    /// The regions above `code`, province first (empty for a province or an unknown code).
    pub fn ancestors(&self, code: &RegionCode) -> Vec<&Region> {
        let mut out = Vec::with_capacity(3);
        let mut i = self
            .index_of(code.as_str())
            .map_or(NO_PARENT, |i| self.parent[i]);
        while i != NO_PARENT {
            out.push(&self.regions[i as usize]);
            i = self.parent[i as usize];
        }
        out.reverse();
        out
    }

    /// The address line of a region, most specific first:
    /// `Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat`.
    pub fn path(&self, code: &RegionCode) -> Option<String> {
        let region = self.get(code)?;
        let mut parts = vec![region.short_name()];
        parts.extend(self.ancestors(code).iter().rev().map(|r| r.short_name()));
        Some(parts.join(", "))
    }

    pub fn counts(&self) -> RegionCounts {
        let n = |l: usize| self.level_start[l + 1] - self.level_start[l];
        RegionCounts {
            province: n(0),
            regency: n(1),
            district: n(2),
            village: n(3),
        }
    }

    /// The current code of a regency/city that moved to a new Papua province in 2022
    /// (`91.01` → `93.01`, Merauke). Only regency codes map: the districts and villages of the
    /// moved regencies were renumbered, so an old code below regency level gives `None`.
    pub fn resolve_legacy(&self, code: &str) -> Option<RegionCode> {
        let code = RegionCode::parse(code).ok()?;
        self.legacy
            .binary_search_by(|(old, _)| old.cmp(&code))
            .ok()
            .map(|i| self.legacy[i].1.clone())
    }

    /// The region as it is coded today: the code itself when it exists, else the current code
    /// of a pre-2022 Papua regency code, else `None`.
    pub fn current(&self, code: &RegionCode) -> Option<RegionCode> {
        if self.contains(code) {
            Some(code.clone())
        } else {
            self.resolve_legacy(code.as_str())
        }
    }

    pub fn stats(&self) -> GazetteerStats {
        const ALLOCATION: usize = 16;
        let strings = |s: &str| s.len() + ALLOCATION;
        let regions: usize = self
            .regions
            .iter()
            .map(|r| std::mem::size_of::<Region>() + strings(r.code.as_str()) + strings(&r.name))
            .sum();
        let aliases: usize = self.aliases.iter().map(|(a, _)| 32 + strings(a)).sum();
        let heap_bytes = regions
            + self.parent.len() * 4
            + self.children.len() * 8
            + aliases
            + self.legacy.len() * (48 + 4 * ALLOCATION)
            + self.index.heap_bytes();
        GazetteerStats {
            regions: self.regions.len(),
            aliases: self.aliases.len(),
            tokens: self.index.vocab_len(),
            name_forms: self.index.forms_len(),
            heap_bytes,
        }
    }

    /// The aliases of `aliases.tsv` that name this region (`Jaksel` for `31.74`).
    pub fn aliases(&self, code: &RegionCode) -> Vec<&str> {
        let Some(i) = self.index_of(code.as_str()) else {
            return Vec::new();
        };
        self.aliases
            .iter()
            .filter(|(_, r)| *r as usize == i)
            .map(|(a, _)| a.as_str())
            .collect()
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("counts", &self.counts())
            .field("aliases", &self.aliases.len())
            .field("legacy", &self.legacy.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
