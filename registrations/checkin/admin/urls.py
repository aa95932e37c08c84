"""The URLs of an event's check-in desk, under /admin/registrations/events/<config_id>/checkin/."""

from django.urls import path

from registrations.checkin.admin import dashboard, devices, keys, passes, points, scans

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("points/", points.PointsView.as_view(), name="points"),
    path("points/new/", points.PointFormView.as_view(), name="point_add"),
    path("points/<int:pk>/", points.PointFormView.as_view(), name="point_edit"),
    path("points/<int:pk>/delete/", points.PointDelete.as_view(), name="point_delete"),
    path("devices/", devices.DevicesView.as_view(), name="devices"),
    path("devices/new/", devices.DeviceAddView.as_view(), name="device_add"),
    path("devices/<int:pk>/revoke/", devices.DeviceRevokeView.as_view(), name="device_revoke"),
    path("keys/", keys.KeysView.as_view(), name="keys"),
    path("keys/rotate/", keys.KeyRotate.as_view(), name="key_rotate"),
    path("keys/<int:pk>/retire/", keys.KeyRetire.as_view(), name="key_retire"),
    path("passes/", passes.PassesView.as_view(), name="passes"),
    path("passes/<int:pk>/", passes.GuestPassView.as_view(), name="pass"),
    path("passes/<int:pk>/revoke/", passes.PassRevoke.as_view(), name="pass_revoke"),
    path("passes/<int:pk>/reissue/", passes.PassReissue.as_view(), name="pass_reissue"),
    path("scans/", scans.ScansView.as_view(), name="scans"),
    path("scans/<int:pk>/reviewed/", scans.ScanReviewed.as_view(), name="scan_reviewed"),
]
