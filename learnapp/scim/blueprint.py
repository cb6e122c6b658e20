"""The SCIM feature's blueprints: the API for the directory, and the admin pages. `feature.py`
mounts them."""

from flask import Blueprint

#: /scim/v2: the token-authenticated API (no session, no CSRF).
api_bp = Blueprint("scim", __name__, url_prefix="/scim/v2")

#: /admin/scim: tokens and the group mapping, for admins.
admin_bp = Blueprint("scim_admin", __name__, url_prefix="/admin/scim")
