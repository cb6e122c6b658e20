"""Every model module, imported so that Alembic and create_all see the whole schema."""

from learnapp.admin import models as admin_models  # noqa: F401
from learnapp.areas import models as areas_models  # noqa: F401
from learnapp.audit import models as audit_models  # noqa: F401
from learnapp.auth import models as auth_models  # noqa: F401
from learnapp.authoring import models as authoring_models  # noqa: F401
from learnapp.courses import models as courses_models  # noqa: F401
from learnapp.needs import models as needs_models  # noqa: F401
from learnapp.needs import tallies as needs_tallies  # noqa: F401
from learnapp.notifications import models as notifications_models  # noqa: F401
from learnapp.org import models as org_models  # noqa: F401
from learnapp.quizzes import models as quizzes_models  # noqa: F401
from learnapp.reports import models as reports_models  # noqa: F401
from learnapp.routines import models as routines_models  # noqa: F401
from learnapp.routines import rollups as routines_rollups  # noqa: F401
from learnapp.scim import models as scim_models  # noqa: F401
from learnapp.training import models as training_models  # noqa: F401
from learnapp.training import rollups as training_rollups  # noqa: F401
from learnapp.training import tree_counts as training_tree_counts  # noqa: F401
