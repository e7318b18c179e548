from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse


class HealthCheckMiddleware:
    """Answer /healthz/ before host validation and the HTTPS redirect: container health checks
    and load balancers call it over plain HTTP by IP. It checks the database and the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz/":
            return self.get_response(request)
        problems = {}
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            problems["database"] = type(exc).__name__
        try:
            cache.set("healthz", "ok", 5)
        except Exception as exc:
            problems["cache"] = type(exc).__name__
        if problems:
            return JsonResponse({"status": "unhealthy", "problems": problems}, status=503)
        return HttpResponse("ok", content_type="text/plain")
