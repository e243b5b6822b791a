from django.apps import AppConfig


class PortalConfig(AppConfig):
    """公众服务: the citizens' site under /m/ — sign-in by real name, the services a resident uses on the phone,
    and the inbox of notifications. It sits above the domains and calls their services; no domain imports it."""

    name = "minzheng.portal"
    label = "portal"
    verbose_name = "公众服务"
