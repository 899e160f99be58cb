from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.delivery import outbox
from cms.demo.annual_reports import load_demo_reports
from cms.demo.load import load_demo
from cms.demo.walkthrough import walkthrough
from cms.demo.website_report import load_demo_website_report
from cms.extend import plugin_manager


class Command(BaseCommand):
    help = "Load the demo content and users (safe to run again), and print the credentials."

    def handle(self, *args, **options):
        # The demo's server, where its webhook subscriber listens, is not up yet: what the
        # loading tells the channels is recorded and held, and `send_pending_deliveries`
        # (make demo starts it beside the server) sends it once the server answers.
        with outbox.held():
            loaded = load_demo()
            # After the demo committed and its publications were dispatched, so the
            # plugins' demo subscribers start with the bundles published from now on.
            shown = plugin_manager.call_each("demo_loaded", base_url=settings.WAGTAILADMIN_BASE_URL)
            # After the plugins' content, which the reports' tables count.
            reports = load_demo_reports(settings.WAGTAILADMIN_BASE_URL)
            reports += load_demo_website_report(settings.WAGTAILADMIN_BASE_URL)
        # The index may hold another database's documents (a demo database deleted and
        # loaded again): rebuilt, it holds exactly what this database publishes.
        call_command("search_index", "rebuild", "--no-progress", stdout=self.stdout)
        result = loaded["import"]
        self.stdout.write(f"演示内容：新建政策 {result.created} 件（已有的保持不变）。")
        self.stdout.write("演示账号（管理后台 /admin/）：")
        width = max(len(row[0]) for row in loaded["users"])
        for username, password, role in loaded["users"]:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {role}")
        for line in reports:
            self.stdout.write(line)
        for line in walkthrough(settings.WAGTAILADMIN_BASE_URL):
            self.stdout.write(line)
        for _plugin, lines in shown:
            for line in lines if isinstance(lines, list | tuple) else []:
                self.stdout.write(str(line))
