//! A small arena DOM filled by html5ever's WHATWG tree builder: nodes are indices into one
//! vector, so there is no reference counting, no `unsafe` and nothing to free node by node.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::interface::tree_builder::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink,
};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns, parse_document};

/// A node's index in [`Dom::nodes`].
pub(crate) type NodeId = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum Kind {
    Document,
    Element,
    Text(StrTendril),
    /// Comments, doctypes and processing instructions: kept in the tree, never read.
    Other,
}

/// One node; `name` and `attrs` are empty for non-elements.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) name: QualName,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
}

impl Node {
    fn new(kind: Kind, name: QualName, attrs: Vec<Attribute>) -> Self {
        Self {
            kind,
            name,
            attrs,
            parent: None,
            children: Vec::new(),
        }
    }

    /// The element's local name (empty for non-elements).
    pub(crate) fn tag(&self) -> &LocalName {
        &self.name.local
    }

    /// The value of attribute `name`, if the element has it.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }

    pub(crate) fn is_element(&self) -> bool {
        matches!(self.kind, Kind::Element)
    }
}

/// A parsed document; node 0 is the document node.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
}

impl Dom {
    /// Parses `html` as a browser would (never fails: any input makes some tree).
    pub(crate) fn parse(html: &str) -> Self {
        let sink = Sink {
            nodes: RefCell::new(vec![Node::new(Kind::Document, empty_name(), Vec::new())]),
        };
        parse_document(sink, Default::default()).one(html)
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The elements of the tree in document order (pre-order), excluding the document node.
    pub(crate) fn descendants(&self, root: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.nodes[root].children.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(self.nodes[id].children.iter().rev().copied());
        }
        out
    }
}

fn empty_name() -> QualName {
    QualName::new(None, ns!(), local_name!(""))
}

/// An element's name handed to the tree builder as a copy (atoms: cheap to clone), so that no
/// borrow of the node vector outlives the call and a later mutation can never find it borrowed.
#[derive(Debug)]
struct OwnedName(QualName);

impl ElemName for OwnedName {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

struct Sink {
    nodes: RefCell<Vec<Node>>,
}

impl Sink {
    fn push(&self, node: Node) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        nodes.len() - 1
    }

    fn detach(&self, id: NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(parent) = nodes[id].parent.take() {
            nodes[parent].children.retain(|&c| c != id);
        }
    }

    /// Inserts `child` into `parent` at `index`, merging adjacent text as the tree builder expects.
    fn insert(&self, parent: NodeId, index: usize, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                if let Some(&prev) = index
                    .checked_sub(1)
                    .and_then(|i| nodes[parent].children.get(i))
                    && let Kind::Text(existing) = &mut nodes[prev].kind
                {
                    existing.push_tendril(&text);
                    return;
                }
                nodes.push(Node::new(Kind::Text(text), empty_name(), Vec::new()));
                let id = nodes.len() - 1;
                nodes[id].parent = Some(parent);
                nodes[parent].children.insert(index, id);
            }
            NodeOrText::AppendNode(id) => {
                self.detach(id);
                let mut nodes = self.nodes.borrow_mut();
                let index = index.min(nodes[parent].children.len());
                nodes[id].parent = Some(parent);
                nodes[parent].children.insert(index, id);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = OwnedName;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> OwnedName {
        OwnedName(self.nodes.borrow()[*target].name.clone())
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        _flags: ElementFlags,
    ) -> NodeId {
        // A template's contents are kept as its own children: extraction never reads them.
        self.push(Node::new(Kind::Element, name, attrs))
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(Node::new(Kind::Other, empty_name(), Vec::new()))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(Node::new(Kind::Other, empty_name(), Vec::new()))
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let len = self.nodes.borrow()[*parent].children.len();
        self.insert(*parent, len, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
        let id = self.push(Node::new(Kind::Other, empty_name(), Vec::new()));
        self.append(&0, NodeOrText::AppendNode(id));
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let position = {
            let nodes = self.nodes.borrow();
            nodes[*sibling].parent.and_then(|p| {
                nodes[p]
                    .children
                    .iter()
                    .position(|c| c == sibling)
                    .map(|i| (p, i))
            })
        };
        if let Some((parent, index)) = position {
            if let NodeOrText::AppendNode(id) = &new_node {
                // Detaching first may shift the sibling's index when both share the parent.
                self.detach(*id);
                let nodes = self.nodes.borrow();
                let index = nodes[parent]
                    .children
                    .iter()
                    .position(|c| c == sibling)
                    .unwrap_or(index);
                drop(nodes);
                self.insert(parent, index, new_node);
            } else {
                self.insert(parent, index, new_node);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        let existing = &mut nodes[*target].attrs;
        for attr in attrs {
            if !existing.iter().any(|a| a.name == attr.name) {
                existing.push(attr);
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let children = std::mem::take(&mut nodes[*node].children);
        for &child in &children {
            nodes[child].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
}
