import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.config.settings")
application = get_wsgi_application()

from minzheng.funeral.api import booking_route  # noqa: E402 (after Django is set up)

application = booking_route(application)  # the 清明 booking entry as a plain WSGI function
