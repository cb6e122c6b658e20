"""The Moodle GIFT quiz format, with no Flask and no database: the data model (`model`), the
parser (`parse`) and the writer (`write`). Courses read their quiz files with it; quizzes store
and score the questions."""
