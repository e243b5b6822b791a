from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "minzheng.casework"
    label = "casework"
    verbose_name = "案件流转"
