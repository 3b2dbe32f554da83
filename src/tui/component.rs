//! A component: a popup that owns its state, its keys, its drawing and its key bindings (as
//! helix's compositor and gitui's components do). The screen keeps a stack of them; the top
//! one takes the keys, and the hint bar and help are generated from its bindings, so they
//! cannot drift from what the keys do. A notification is not a component: it never takes
//! the keyboard.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::widgets::Hint;

/// What a component says after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Keep it open, where it was (under anything it opened while handling the key).
    Stay,
    /// Close it (whatever it did on the way, such as recording a command, is done).
    Close,
}

/// A popup over a screen whose model is `Cx` (the live screen's `App`, the review screen's
/// `ReviewApp`). While it handles a key it is off the screen's stack, so it may change the
/// screen freely, open other popups included.
pub trait Component<Cx: ?Sized>: Any {
    /// Handles a key.
    fn key(&mut self, k: KeyEvent, cx: &mut Cx) -> Reply;
    /// Draws it over `area` (the whole screen).
    fn draw(&self, f: &mut Frame, area: Rect, cx: &Cx);
    /// Its keys and their words, for the hint bar and its footer.
    fn hints(&self, cx: &Cx) -> Vec<Hint>;
    /// Pasted text; true when it took it.
    fn paste(&mut self, _text: &str) -> bool {
        false
    }
    /// Before a frame is drawn on a screen of `area`: insert what was typed, keep a scroll
    /// within its end.
    fn layout(&mut self, _area: Rect, _cx: &Cx) {}
    /// For tests and for the screen to ask what is on top.
    fn as_any(&self) -> &dyn Any;
}

/// A stack of popups, the top last.
pub struct Stack<Cx: ?Sized> {
    items: Vec<Box<dyn Component<Cx>>>,
}

impl<Cx: ?Sized> Default for Stack<Cx> {
    fn default() -> Self {
        Stack { items: Vec::new() }
    }
}

impl<Cx: ?Sized + 'static> Stack<Cx> {
    pub fn push(&mut self, c: impl Component<Cx>) {
        self.items.push(Box::new(c));
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The top popup, if it is a `T`.
    pub fn top<T: 'static>(&self) -> Option<&T> {
        self.items
            .last()
            .and_then(|c| c.as_any().downcast_ref::<T>())
    }

    /// Whether the top popup is a `T`.
    pub fn top_is<T: 'static>(&self) -> bool {
        self.top::<T>().is_some()
    }

    pub fn last(&self) -> Option<&dyn Component<Cx>> {
        self.items.last().map(|b| b.as_ref())
    }

    pub fn last_mut(&mut self) -> Option<&mut Box<dyn Component<Cx>>> {
        self.items.last_mut()
    }

    pub(crate) fn pop(&mut self) -> Option<Box<dyn Component<Cx>>> {
        self.items.pop()
    }

    /// Puts `c` back at `at` (under whatever was pushed above it since).
    pub(crate) fn insert(&mut self, at: usize, c: Box<dyn Component<Cx>>) {
        let at = at.min(self.items.len());
        self.items.insert(at, c);
    }
}

/// Gives the key to the top popup of `cx`'s stack (taken off while it handles it); a `Stay`
/// puts it back under anything it opened. False when there is no popup.
pub fn key_to_top<Cx: 'static>(
    cx: &mut Cx,
    stack: fn(&mut Cx) -> &mut Stack<Cx>,
    k: KeyEvent,
) -> bool {
    let Some(mut top) = stack(cx).pop() else {
        return false;
    };
    let below = stack(cx).len();
    if top.key(k, cx) == Reply::Stay {
        stack(cx).insert(below, top);
    }
    true
}

/// Lets the top popup of `cx`'s stack lay itself out for a frame of `area`.
pub fn layout_top<Cx: 'static>(cx: &mut Cx, stack: fn(&mut Cx) -> &mut Stack<Cx>, area: Rect) {
    let Some(mut top) = stack(cx).pop() else {
        return;
    };
    top.layout(area, cx);
    let n = stack(cx).len();
    stack(cx).insert(n, top);
}
