from django.core.management.base import BaseCommand, CommandError

from civac.audit.context import acting_as
from civac.tenancy.models import Workspace
from isms.services.tasks.standard import standard_tasks_create


class Command(BaseCommand):
    help = "Create the standard recurring ISMS tasks in workspaces that lack them; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", action="append", default=[], metavar="SLUG",
                            help="Only this workspace (short name); repeat for several. Default: all workspaces.")

    def handle(self, *args, **options):
        workspaces = Workspace.objects.order_by("slug")
        if options["workspace"]:
            workspaces = workspaces.filter(slug__in=options["workspace"])
            missing = set(options["workspace"]) - set(workspaces.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"workspace not found: {', '.join(sorted(missing))}; check the short name")
        total = 0
        with acting_as(system="create_standard_tasks"):
            for workspace in workspaces:
                created = standard_tasks_create(actor=None, workspace=workspace)
                total += len(created)
                self.stdout.write(f"{workspace.slug}: {len(created)} task(s) created")
        self.stdout.write(self.style.SUCCESS(f"{total} standard task(s) created"))
