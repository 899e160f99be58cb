"""Reads whose SQL is compiled once per shape, not once per request.

Building a list page's queryset (``filter`` → ``add_q``/``build_filter``) and compiling it
(``as_sql``: ``pre_sql_setup``, ``get_order_by``, ...) cost ~1 ms of CPU a request, more
than the database takes to answer along its index. Yet every request for the same list
with the same filters at the same publication stamp sends the same SQL; only the values
of its last filter (a page's first key; a page's primary key) differ. So ``read`` keeps,
per shape (a key the caller gives, naming all the queryset depends on) and stamp, the
compiled SQL, its fixed parameters and its columns' converters, and runs it through the
cursor with the request's own last parameters. The rows are those the queryset returns:
dicts for ``values()``, model instances for a plain queryset of one model.

The ``tail`` values must be those of the query's last parameters (a filter added last),
of types adapted here (int, str, date). A queryset whose last parameters are not the
tail's, that joins related objects into instances, or that compiles to nothing
(``EmptyResultSet``), is read through the ORM every time.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ModelIterable, ValuesIterable

from cms.models.stamps import kept_in_process, new_process_memory

# Shapes of the current stamp: key → _Shape, or _ORM.
SHAPES = new_process_memory()
_ORM = "orm"  # a shape read through the ORM every time


def _adapt(value, connection):
    """``value`` as the ORM passes it to the database for a lookup on its field."""
    if isinstance(value, bool | datetime) or not isinstance(value, int | str | date):
        raise TypeError(f"no shape for a {type(value).__name__} parameter")
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


class _Shape:
    """A compiled query and how to turn its rows into the queryset's."""

    __slots__ = ("alias", "columns", "converters", "fields", "head", "model", "names", "sql")

    def __init__(self, queryset, compiler, sql, head):
        self.alias = queryset.db
        self.sql, self.head = sql, tuple(head)
        self.columns = compiler.col_count
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        self.converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(fields).items()
        )
        query = queryset.query
        if queryset._iterable_class is ValuesIterable:
            self.model, self.fields = None, None
            self.names = tuple(
                query.selected
                or (*query.extra_select, *query.values_select, *query.annotation_select)
            )
        else:
            self.names = None
            selected = compiler.klass_info["select_fields"]
            start, end = selected[0], selected[-1] + 1
            self.model = compiler.klass_info["model"]
            names = [col[0].target.attname for col in compiler.select[start:end]]
            self.fields = (start, end, names)

    def run(self, tail) -> list:
        connection = connections[self.alias]
        params = (*self.head, *(_adapt(value, connection) for value in tail))
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        rows = []
        for row in fetched:
            if self.converters or len(row) > self.columns:
                row = list(row[: self.columns])
                for position, functions, expression in self.converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            if self.names is not None:
                rows.append(dict(zip(self.names, row, strict=False)))
            else:
                start, end, names = self.fields
                rows.append(self.model.from_db(self.alias, names, row[start:end]))
        return rows


def _plain(queryset) -> bool:
    """Whether the rows of ``queryset`` are built from its columns alone (no related
    objects, annotations or prefetching to add to an instance)."""
    if queryset._iterable_class is ValuesIterable:
        return True
    query = queryset.query
    return (
        queryset._iterable_class is ModelIterable
        and not query.select_related
        and not query.annotation_select
        and not query.extra_select
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
    )


def _compile(queryset, tail):
    if not _plain(queryset):
        return _ORM
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
        adapted = [_adapt(value, compiler.connection) for value in tail]
    except (EmptyResultSet, TypeError):
        return _ORM
    split = len(params) - len(adapted)
    if split < 0 or list(params[split:]) != adapted:
        return _ORM
    if compiler.has_composite_fields([col[0] for col in compiler.select[: compiler.col_count]]):
        return _ORM
    return _Shape(queryset, compiler, sql, params[:split])


def read(key, build, tail=(), *, stamp) -> list:
    """The rows of ``build(*tail)`` (a queryset), as a list; its SQL compiled once per
    ``key`` and publication ``stamp`` (the request's) in this process. ``key`` (hashable)
    names everything the queryset depends on but ``tail``, whose values are its last
    parameters."""
    built = []

    def compile_shape():
        built.append(build(*tail))
        return _compile(built[0], tail)

    shape = kept_in_process(key, compile_shape, stamp=stamp, memory=SHAPES)
    if shape is _ORM:
        return list(built[0] if built else build(*tail))
    return shape.run(tail)
