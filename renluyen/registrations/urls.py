from django.urls import path

from renluyen.registrations.views import branch, form, history, printing, review

app_name = "registrations"
urlpatterns = [
    # The member's own forms (one per open program year).
    path("mine/", form.my_forms, name="mine"),
    path("<int:pk>/", form.form, name="form"),
    # The same form, typed in by a committee member from the member's paper form.
    path("<int:pk>/paper/", form.form, {"on_paper": True}, name="paper"),
    path("<int:pk>/review/", review.review, name="review"),
    path("<int:pk>/history/", history.history, name="history"),
    path("<int:pk>/print/", printing.print_form, name="print"),
    path("<int:pk>/pdf/", printing.pdf_form, name="pdf"),
    # A branch's forms for the committee; ?program= picks the year.
    path("branch/<int:unit>/", branch.branch, name="branch"),
    path("branch/<int:unit>/print/", printing.branch_print, name="branch_print"),
    path("branch/<int:unit>/pdf/", printing.branch_pdf, name="branch_pdf"),
    # Figures for every branch under a federation or base Union.
    path("unit/<int:unit>/", branch.overview, name="overview"),
]
