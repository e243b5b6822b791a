"""The annual summary as PDF: the print HTML laid out by WeasyPrint in the GB/T 9704 page (see
:mod:`minzheng.reports.officedoc` for the rules and the font approximations), with Debian's
``fonts-noto-cjk`` found through fontconfig and embedded (subset) in the file — a viewer on an isolated
intranet PC needs no font of its own. reportlab's built-in STSong is not embedded, hence WeasyPrint.

Body text is set at 15.75 pt rather than 16 pt (3号): 28 characters to a 156 mm line need a 15.79 pt
pitch, and letter-spacing, the other way to get it, makes WeasyPrint three times slower."""

from __future__ import annotations

from django.template.loader import render_to_string

from minzheng.reports.annual import APPENDIX_HEADERS, AnnualReport, appendix_rows, date_text


def report_print_html(report: AnnualReport) -> str:
    return render_to_string(
        "reports/annual_print.html",
        {
            "report": report,
            "date_text": date_text(report.generated_at),
            "appendix_headers": APPENDIX_HEADERS,
            "appendix_rows": appendix_rows(report),
            "missing_count": len(report.figures) - report.computed_count,
        },
    )


def render_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML  # imported late: it loads pango, which pages never need

    return HTML(string=report_print_html(report)).write_pdf()
