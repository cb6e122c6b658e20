"""Course authoring in the browser: drafts, published versions, course editors."""
