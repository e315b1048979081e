/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-analyzer.c: runs the entity pipeline on stored documents.
 *
 * Owns the unit of work (one document = one transaction: its automatic
 * mentions replaced and its analysis version marked together) and the
 * library-wide run in a worker thread with its own store connection. It must
 * not write SQL (the store does) nor touch widgets: progress goes back to the
 * caller's main context as plain numbers. */
#define G_LOG_DOMAIN "dossier-analyzer"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-analyzer.h"
#include "dossier-dates.h"

typedef struct {
  char                    *library_path;
  DossierRecognizer       *recognizer;
  DossierAnalyzerProgress  progress;
  gpointer                 progress_data;
  GMainContext            *context;
  guint                    n_analyzed;
} LibraryJob;

typedef struct {
  DossierAnalyzerProgress  progress;
  gpointer                 progress_data;
  guint                    done;
  guint                    total;
} ProgressReport;

static void
library_job_free (LibraryJob *job)
{
  g_free (job->library_path);
  g_clear_pointer (&job->recognizer, dossier_recognizer_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

guint
dossier_analyzer_get_version (DossierRecognizer *recognizer)
{
  guint version;

  /* The store keeps 0 for "never analysed", so a dates-only run needs its
   * own number; both change when the date rules do. */
  if (recognizer == NULL)
    return 0xDA7E0000u + DOSSIER_DATES_VERSION;
  version = dossier_recognizer_get_version (recognizer) ^ (DOSSIER_DATES_VERSION * 0x85EBCA6Bu);
  return version != 0 ? version : 1;
}

static gboolean
report_progress_cb (gpointer data)
{
  ProgressReport *report = data;

  report->progress (report->done, report->total, report->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (LibraryJob *job,
                 guint       done,
                 guint       total)
{
  ProgressReport *report;

  if (job->progress == NULL)
    return;
  report = g_new (ProgressReport, 1);
  report->progress = job->progress;
  report->progress_data = job->progress_data;
  report->done = done;
  report->total = total;
  /* Not g_main_context_invoke(): it would run the callback right here, in
   * the worker, whenever the caller's context is not being iterated. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, report_progress_cb, report, g_free);
    g_source_set_static_name (source, "[dossier] analyzer progress");
    g_source_attach (source, job->context);
  }
}

gboolean
dossier_analyzer_analyze_document (DossierStore       *store,
                                   DossierRecognizer  *recognizer,
                                   gint64              document_id,
                                   GError            **error)
{
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree DossierMentionInput *inputs = NULL;
  g_autoptr(GHashTable) keys_seen = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = dossier_store_get_document (store, document_id, error);
  if (doc == NULL)
    return FALSE;

  spans = dossier_analyze_text (recognizer, doc->text, doc->published);
  inputs = g_new0 (DossierMentionInput, MAX (spans->len, 1));
  keys_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *span = &g_array_index (spans, DossierSpan, i);
      char *seen = g_strdup_printf ("%d:%s", span->type, span->key);

      inputs[i].start = span->start;
      inputs[i].end = span->end;
      inputs[i].type = span->type;
      inputs[i].name = span->name;
      inputs[i].key = span->key;
      /* The store gives an entity its aliases once; later mentions of the
       * same key find it by the key alone. */
      if (g_hash_table_add (keys_seen, seen))
        inputs[i].aliases = (const char * const *) span->aliases;
      inputs[i].value = span->value;
    }

  /* The mentions and the version mark go together, or neither does. */
  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!dossier_store_set_auto_mentions (store, document_id, inputs, spans->len, error) ||
      !dossier_store_mark_analyzed (store, document_id, dossier_analyzer_get_version (recognizer), error) ||
      !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

#define ANALYSIS_BATCH 25

static void
analyze_library_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LibraryJob *job = task_data;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  GError *error = NULL;
  gboolean in_batch = FALSE;

  store = dossier_store_open (job->library_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ids = dossier_store_list_unanalyzed (store, dossier_analyzer_get_version (job->recognizer), &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  report_progress (job, 0, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) doc_error = NULL;

      /* Documents are committed in groups: a commit per document cost more
       * than the analysis itself. Each document is still its own savepoint,
       * so a failed one undoes only its own part, and the window sees the
       * entities fill in group by group. */
      if (in_batch && i % ANALYSIS_BATCH == 0)
        in_batch = !dossier_store_commit (store, NULL);
      if (!in_batch)
        in_batch = dossier_store_begin (store, NULL);

      if (g_cancellable_is_cancelled (cancellable))
        {
          if (in_batch && !dossier_store_commit (store, NULL))
            dossier_store_rollback (store);
          g_task_return_error_if_cancelled (task);
          return;
        }
      if (dossier_analyzer_analyze_document (store, job->recognizer, id, &doc_error))
        job->n_analyzed++;
      else if (g_error_matches (doc_error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND))
        ;   /* removed while we worked: nothing to do */
      else
        {
          /* One bad document must not stop the rest; it stays unanalysed. */
          g_warning ("Could not analyse document %" G_GINT64_FORMAT ": %s", id, doc_error->message);
        }
      report_progress (job, i + 1, ids->len);
    }
  if (in_batch && !dossier_store_commit (store, &error))
    {
      dossier_store_rollback (store);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
dossier_analyzer_analyze_library_async (const char              *library_path,
                                        DossierRecognizer       *recognizer,
                                        GCancellable            *cancellable,
                                        DossierAnalyzerProgress  progress,
                                        gpointer                 progress_data,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  LibraryJob *job;

  g_return_if_fail (library_path != NULL);

  job = g_new0 (LibraryJob, 1);
  job->library_path = g_strdup (library_path);
  job->recognizer = recognizer != NULL ? dossier_recognizer_ref (recognizer) : NULL;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_analyzer_analyze_library_async);
  g_task_set_task_data (task, job, (GDestroyNotify) library_job_free);
  g_task_run_in_thread (task, analyze_library_thread);
}

gboolean
dossier_analyzer_analyze_library_finish (GAsyncResult  *result,
                                         guint         *out_n_analyzed,
                                         GError       **error)
{
  GTask *task = G_TASK (result);
  LibraryJob *job = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (out_n_analyzed != NULL)
    *out_n_analyzed = job->n_analyzed;
  return g_task_propagate_boolean (task, error);
}
