import json

from django.core.management.base import BaseCommand, CommandError

from wagtail_disclosure.importers.annual_report import NotAnAnnualReport, import_annual_report


class Command(BaseCommand):
    help = (
        "Read a published 政府信息公开工作年度报告 (the report's web page as .html, or a Word .docx file) and report what "
        "it holds: year, organisation, sections 一/五/六 and the cells of tables 二, 三 and 四, with what the parse "
        "noticed (unrecognised rows, cells kept as \"/\" or empty, the 2019 trial format). A file that is not an annual "
        "report is refused (exit status 1). Unless --check-only, a draft annual report page is created under --parent, "
        "for the organisation named in the report's title (or --organisation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report: an .html page (UTF-8 or GB2312/GBK) or a .docx file.")
        parser.add_argument("--check-only", action="store_true", help="Read and report only; create nothing.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the report as one JSON document (schema wagtail-disclosure/annual-report/1, with its findings) "
            "on standard output, and nothing else.",
        )
        parser.add_argument(
            "--parent",
            help="The annual report index page to create the draft under (id or URL path); default: the site's only one.",
        )
        parser.add_argument("--organisation", help="The organisation (name or code); default: the one named in the report's title.")

    def handle(self, *args, file, check_only, as_json, parent, organisation, **options):
        try:
            result = import_annual_report(file, check_only=check_only, parent=parent, organisation=organisation)
        except NotAnAnnualReport as error:
            raise CommandError(f"{file}: {error.message}") from error
        if as_json:
            self.stdout.write(json.dumps(result.document, ensure_ascii=False, indent=2))
            return
        for line in result.summary():
            self.stdout.write(line)
