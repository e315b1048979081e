/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-test-ui.h: a small harness for tests that drive the real window.
 *
 * The tests run in-process under Xvfb (see tests/meson.build for the
 * environment): they build real widgets on a temporary library, act through
 * actions and widgets, and iterate the main loop until a condition holds. */
#pragma once

#include <adwaita.h>

#include "dossier-application.h"
#include "dossier-window.h"

G_BEGIN_DECLS

/* Lets exactly the known harmless GTK 4.8 warnings through (printed, never
 * fatal); every other warning or critical still fails the test. GTest drops
 * the fatal handler when each test case starts: call this at the start of
 * every test (the fixtures' set_up do). */
void            dossier_test_ui_tolerate_known_gtk_warnings (void);
/* True when `message` is one of those known GTK 4.8 messages. */
gboolean        dossier_test_ui_is_known_gtk_warning (const char *message);
/* g_test_init + gtk/adw init + a registered, non-unique DossierApplication. */
void            dossier_test_ui_init         (int    *argc,
                                              char ***argv);
GtkApplication *dossier_test_ui_get_app      (void);
/* A fresh temporary folder (removed at exit, with its contents). */
char           *dossier_test_ui_make_dir     (void);
char           *dossier_test_ui_write_file   (const char *dir,
                                              const char *name,
                                              const char *contents);
/* Every key of the app's GSettings back to its default (the memory backend
 * keeps values between the tests of one program). */
void            dossier_test_ui_reset_settings (void);
/* Runs the main loop for `ms` milliseconds. */
void            dossier_test_ui_iterate      (guint       ms);
/* Runs the main loop until cond(data) holds or timeout_ms passes; returns cond's last value. */
gboolean        dossier_test_ui_wait         (gboolean  (*cond) (gpointer data),
                                              gpointer    data,
                                              guint       timeout_ms);
/* A window on the library at `path`, presented, with its first query done. */
DossierWindow  *dossier_test_ui_open_window  (const char *path,
                                              int         width,
                                              int         height);
/* Closes the window as the user would (close-request) and waits until it is gone. */
void            dossier_test_ui_close_window (DossierWindow *window);

/* Iterates until EXPR is true (at most TIMEOUT_MS), then asserts it. */
#define DOSSIER_TEST_UI_WAIT_FOR(expr, timeout_ms)                               \
  G_STMT_START {                                                                 \
    gint64 _dossier_deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(expr) && g_get_monotonic_time () < _dossier_deadline)               \
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);         \
    g_assert_true (expr);                                                        \
  } G_STMT_END

G_END_DECLS
