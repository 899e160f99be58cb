"""The core domain app of policy-cms: policy pages, the bundle review (三同步), disclosure,
import, and the door plugins come in by. docs/architecture.md maps its sub-packages."""
