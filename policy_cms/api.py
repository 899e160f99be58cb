"""The NinjaAPI of /api/v1/: its routers, error handlers and description."""

from django.apps import apps
from ninja import NinjaAPI

from cms.api import captcha, errors
from cms.api.annual_reports import router as annual_reports_router
from cms.api.catalogue import router as catalogue_router
from cms.api.endpoints import router as policies_router
from cms.api.website_reports import router as website_reports_router
from cms.extend import plugin_manager
from cms.inspection.api import router as ops_router
from search.api import on_search_unavailable
from search.api import router as search_router
from search.backends import SearchUnavailable

DESCRIPTION = """政策文件及其解读的公开只读接口。

* 只返回已发布且主动公开的内容。
* 每个 GET 响应带 `ETag` 与 `Last-Modified`；带 `If-None-Match` 重复请求，内容未变时返回 304。
* 匿名客户端按地址限流，超限返回 429 与 `Retry-After`。
* 错误统一为 `{"code": ..., "message": ...}`。
* POST 请求体须为 JSON（`Content-Type: application/json`，UTF-8），否则返回 415
  `unsupported_media_type`；无法解析的 JSON 返回 400 `invalid_json`。
"""

api = NinjaAPI(
    title="policy-cms 公开接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=errors.JsonOnlyParser(),
)
errors.install(api)
api.add_exception_handler(SearchUnavailable, on_search_unavailable)
api.add_router("/", policies_router)
api.add_router("/", search_router)
api.add_router("/", annual_reports_router)
api.add_router("/", catalogue_router)
api.add_router("/", website_reports_router)
api.add_router("/", ops_router)
if apps.is_installed("captcha"):  # while a plugin's public form has a CAPTCHA
    api.add_router("/", captcha.router)
# Plugins' endpoints (the message board's, for instance), under the same errors and schema.
for router in plugin_manager.api_routers():
    api.add_router("/", router)
