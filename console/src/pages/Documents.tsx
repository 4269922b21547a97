import { ErrorBox, Loading, useLoad } from "../components";
import { useSession } from "../session";
import { DocumentTable } from "./DocumentTable";

// Every document the caller may see: a manager their own, a head of sales the department's, an
// accountant all.
export function DocumentsPage() {
  const { api } = useSession();
  const documents = useLoad(() => api.listDocuments({}), []);
  return (
    <section className="panel">
      <h2>Документы</h2>
      <ErrorBox error={documents.error} />
      <Loading when={documents.loading && !documents.data} />
      {documents.data && (
        <DocumentTable documents={documents.data.documents ?? []} showClient onChanged={documents.reload} />
      )}
    </section>
  );
}
