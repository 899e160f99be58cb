from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "policy_cms_example"
    verbose_name = "示例插件"
