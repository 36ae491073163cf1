from django.urls import path

from renluyen.registrations.views import branch, form, history, printing, review

app_name = "registrations"
urlpatterns = [
    # The member's own forms (one per open program year).
    path("mine/", form.my_forms, name="mine"),
    path("<id:pk>/", form.form, name="form"),
    # The same form, typed in by a committee member from the member's paper form.
    path("<id:pk>/paper/", form.form, {"on_paper": True}, name="paper"),
    path("<id:pk>/review/", review.review, name="review"),
    path("<id:pk>/history/", history.history, name="history"),
    path("<id:pk>/print/", printing.print_form, name="print"),
    path("<id:pk>/pdf/", printing.pdf_form, name="pdf"),
    # A branch's forms for the committee; ?program= picks the year.
    path("branch/<id:unit>/", branch.branch, name="branch"),
    path("branch/<id:unit>/print/", printing.branch_print, name="branch_print"),
    path("branch/<id:unit>/pdf/", printing.branch_pdf, name="branch_pdf"),
    # Figures for every branch under a federation or base Union.
    path("unit/<id:unit>/", branch.overview, name="overview"),
]
