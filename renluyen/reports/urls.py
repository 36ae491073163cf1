from django.urls import path

from renluyen.reports.views import office, unit

app_name = "reports"
urlpatterns = [
    path("unit/<id:unit>/", unit.report, name="unit"),
    path("unit/<id:unit>/print/", unit.print_report, name="print"),
    path("unit/<id:unit>/pdf/", unit.pdf_report, name="pdf"),
    path("unit/<id:unit>/letterhead/", unit.letterhead_edit, name="letterhead"),
    *office.urlpatterns,
]
