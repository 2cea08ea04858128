import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DraftDocuments1797800000000 } from '../migrations/1797800000000-draft-documents.js';
import { Clock } from '../src/common/clock/clock.js';
import { PdfRenderer } from '../src/documents/pdf-renderer.service.js';
import { RenderSlots } from '../src/documents/render-slots.service.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, type Partner } from './support/agreement-fixtures.js';
import { pdfPages, pdfStructure } from './support/pdf-text.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('agreement documents: PDFs and JSON', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let agreement: { id: string; reference: string };
  let hash: string;

  const download = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${t.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });
  const pdfOf = async (path: string, token: string) => {
    const response = await download(path, token);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', PROTECTIVE_MARKING: 'OFFICIAL-SENSITIVE' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP');
    // Prose with markup in it must come out as text.
    ok(
      await t.gql(
        UPDATE_DRAFT,
        { input: { agreementId: draft.id, expectedRevision: draft.revision, clauses: [{ heading: 'Escaping <b>check</b>', text: '<script>alert("x")</script> & <i>not italic</i>' }] } },
        hospital.igLead.token,
      ),
    );
    agreement = { id: draft.id, reference: draft.reference };
  });
  afterAll(async () => t.close());

  it('renders a draft with a DRAFT watermark and every section, without storing it as a version document', async () => {
    const pages = await pdfPages(await pdfOf(`/documents/agreements/${agreement.id}/draft.pdf`, council.igLead.token));
    const text = pages.join(' ');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('DRAFT');
    // The running header says DRAFT on every page, beside the reference and revision.
    pages.forEach((page) => expect(page).toMatch(new RegExp(`${agreement.reference} · Draft, revision \\d+ · DRAFT`)));
    expect(text).toContain('Information Sharing Agreement');
    for (const heading of ['Document control', 'Contents', 'Purposes and benefits', 'Parties', 'Legal basis for sharing', 'Information reference table', 'Consent and transparency', 'Security', 'Retention and disposal', 'Individuals’ rights', 'Breaches and escalation', 'Data protection impact assessment', 'Monitoring and review', 'Termination', 'Glossary', 'Signatures']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Awaiting signature');
    expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_document')).rows[0].n).toBe(0);
  });

  it('prints markup in clauses as text, never as HTML or script', async () => {
    const text = (await pdfPages(await pdfOf(`/documents/agreements/${agreement.id}/draft.pdf`, hospital.igLead.token))).join(' ');
    expect(text).toContain('<script>alert("x")</script> & <i>not italic</i>');
    expect(text).toContain('Escaping <b>check</b>');
  });

  it("keeps a draft's PDF for its revision: the same revision is not rendered again, a new one is", async () => {
    const renderer = t.app.get(PdfRenderer);
    const render = jest.spyOn(renderer, 'render');
    try {
      const path = `/documents/agreements/${agreement.id}/draft.pdf`;
      const first = await pdfOf(path, council.igLead.token);
      const before = render.mock.calls.length;
      const again = await pdfOf(path, care.igLead.token);
      expect(render.mock.calls.length).toBe(before);
      expect(sha256(again)).toBe(sha256(first));
      const revision = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { draftRevision } }', { id: agreement.id }, hospital.igLead.token)).agreement.draftRevision;
      const kept = (await t.db.query('SELECT revision, sha256 FROM agreement_draft_document WHERE agreement_id = $1', [agreement.id])).rows;
      expect(kept).toEqual([{ revision, sha256: sha256(first) }]);

      ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: agreement.id, expectedRevision: revision, scope: 'Adults discharged from Northshire General.' } }, hospital.igLead.token));
      const edited = await pdfOf(path, council.igLead.token);
      expect(render.mock.calls.length).toBe(before + 1);
      expect((await pdfPages(edited)).join(' ')).toContain('Adults discharged from Northshire General.');
      expect((await t.db.query('SELECT revision FROM agreement_draft_document WHERE agreement_id = $1', [agreement.id])).rows).toEqual([{ revision: revision + 1 }]);
      expect(sha256(await pdfOf(path, hospital.igLead.token))).toBe(sha256(edited));
      expect(render.mock.calls.length).toBe(before + 1);
    } finally {
      render.mockRestore();
    }
  });

  describe('a frozen version', () => {
    beforeAll(async () => {
      const current = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { draftRevision } }', { id: agreement.id }, hospital.igLead.token)).agreement;
      hash = ok(await t.gql(SUBMIT, { input: { agreementId: agreement.id, expectedRevision: current.draftRevision } }, hospital.igLead.token)).submitForSignature
        .contentHash;
      ok(await t.gql(SIGN, { input: { agreementId: agreement.id, versionNumber: 1, contentHash: hash } }, hospital.signatory.token));
    });

    it('shows document control, parties with role holders, data items, signature states and page numbers', async () => {
      const response = await download(`/documents/agreements/${agreement.id}/versions/1.pdf`, care.practitioner.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(`inline; filename="${agreement.reference}-v1.pdf"`);
      const content = Buffer.from(await response.arrayBuffer());
      expect(content.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = await pdfPages(content);
      const text = pages.join(' ');
      expect(text).toContain(agreement.reference);
      expect(text).toContain('Version 1');
      expect(text).toContain(hash);
      expect(text).not.toMatch(/\bDRAFT\b/);
      for (const party of [hospital, council, care]) expect(text).toContain(party.name);
      expect(text).toContain('RNS');
      // Role holders: the IG lead's name ('ig' in the fixtures), no Caldicott Guardian, SIRO or DPO.
      expect(text).toMatch(/Brightwater Home Care Ltd ig Not stated Not stated Not stated/);
      expect(text).toContain('Standards Met, published 30 June 2026');
      for (const item of ['NHS number', 'Discharge summary', 'Name and address', 'Care and support plan']) expect(text).toContain(item);
      expect(text).toContain('NHSmail');
      expect(text).toContain('Article 6(1)(e): public task');
      expect(text).toContain('DPA 2018 Sch 1 Part 1 para 2: health or social care purposes');
      // One party signed, two await.
      expect(text).toContain('Authorised signatory');
      expect(text.match(/Awaiting signature\b/g)).toHaveLength(2);
      // Header and footer on every page (the page's own CSS margin boxes): marking, reference and version, page X of Y.
      pages.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(page.match(/OFFICIAL-SENSITIVE/g)?.length).toBeGreaterThanOrEqual(2);
        expect(page).toContain(`${agreement.reference} · Version 1`);
      });
      // Tagged, for assistive technology: it says so, and its structure tree holds the headings.
      const structure = await pdfStructure(content);
      expect(structure.marked).toBe(true);
      expect(structure.roles).toEqual(expect.arrayContaining(['Document', 'H1', 'H2']));
    });

    it('is rendered once per signing state: later downloads return the same bytes, and the hash query agrees', async () => {
      const first = await pdfOf(`/documents/agreements/${agreement.id}/versions/1.pdf`, hospital.igLead.token);
      const second = await pdfOf(`/documents/agreements/${agreement.id}/versions/1.pdf`, council.signatory.token);
      expect(second.equals(first)).toBe(true);
      const field = ok(
        await t.gql('query ($id: ID!) { agreement(id: $id) { version(number: 1) { document { sha256 byteSize downloadPath } } } }', { id: agreement.id }, hospital.igLead.token),
      ).agreement.version.document;
      expect(field).toEqual({ sha256: sha256(first), byteSize: first.length, downloadPath: `/documents/agreements/${agreement.id}/versions/1.pdf` });
      expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_document')).rows[0].n).toBe(1);
    });

    it('renders the fully signed version afresh once, and identifies any PDF it produced by hash or by upload', async () => {
      const halfSigned = await pdfOf(`/documents/agreements/${agreement.id}/versions/1.pdf`, hospital.igLead.token);
      for (const party of [council, care]) ok(await t.gql(SIGN, { input: { agreementId: agreement.id, versionNumber: 1, contentHash: hash } }, party.signatory.token));
      const signed = await pdfOf(`/documents/agreements/${agreement.id}/versions/1.pdf`, hospital.igLead.token);
      expect(signed.equals(halfSigned)).toBe(false);
      const text = (await pdfPages(signed)).join(' ');
      expect(text).not.toMatch(/Awaiting signature\b/);
      // The hash on the cover, above the signature table, and once per signature (table cells may wrap it).
      expect(text.replace(/\s/g, '').match(new RegExp(hash, 'g'))!.length).toBe(5);

      const byHash = ok(await t.gql('query ($h: String!) { documentVerification(sha256: $h) { known reference versionNumber } }', { h: sha256(halfSigned) }, outsider.practitioner.token));
      expect(byHash.documentVerification).toEqual({ known: true, reference: agreement.reference, versionNumber: 1 });
      const upload = await download('/documents/verify', care.practitioner.token, { method: 'POST', body: signed, headers: { 'content-type': 'application/pdf' } });
      expect(upload.status).toBe(200);
      expect(await upload.json()).toMatchObject({ known: true, sha256: sha256(signed), reference: agreement.reference, versionNumber: 1 });
      const unknown = await download('/documents/verify', care.practitioner.token, { method: 'POST', body: Buffer.from('%PDF-1.4 not ours'), headers: { 'content-type': 'application/pdf' } });
      expect(await unknown.json()).toMatchObject({ known: false, reference: null });
      const badHash = failure(await t.gql('query { documentVerification(sha256: "xyz") { known } }', {}, care.practitioner.token));
      expect(badHash.extensions.fields?.[0]).toMatchObject({ field: 'sha256', rule: 'matches' });
    });

    it('exports the same agreement as JSON: the structured model the PDF shows', async () => {
      const response = await download(`/documents/agreements/${agreement.id}/versions/1.json`, council.igLead.token);
      expect(response.status).toBe(200);
      const exported = await response.json();
      expect(exported).toMatchObject({
        format: 'accordant.agreement/v2',
        reference: agreement.reference,
        kind: 'ISP',
        version: { number: 1, signingState: 'SIGNED', contentHash: hash },
        leadOrganisation: { id: hospital.id },
      });
      expect(exported.parties.map((p: any) => p.organisationName)).toEqual([hospital.name, council.name, care.name]);
      expect(exported.content.dataFlows[0].dataItems.map((i: any) => i.name)).toEqual(['NHS number', 'Discharge summary']);
      expect(exported.signatures.every((s: any) => s.signed && s.contentHash === hash)).toBe(true);
    });
  });

  describe('who may read them', () => {
    it('refuses other organisations (403), unknown agreements or versions (404), anonymous callers (401) and bad ids (400)', async () => {
      const paths = [`/documents/agreements/${agreement.id}/versions/1.pdf`, `/documents/agreements/${agreement.id}/draft.pdf`, `/documents/agreements/${agreement.id}/versions/1.json`];
      for (const path of paths) {
        const refused = await download(path, outsider.igLead.token);
        expect(refused.status).toBe(403);
        expect((await refused.json()).code).toBe('FORBIDDEN');
        expect((await download(path)).status).toBe(401);
      }
      expect((await download(`/documents/agreements/00000000-0000-4000-8000-000000000000/versions/1.pdf`, hospital.igLead.token)).status).toBe(404);
      expect((await download(`/documents/agreements/${agreement.id}/versions/7.pdf`, hospital.igLead.token)).status).toBe(404);
      const bad = await download(`/documents/agreements/not-a-uuid/versions/1.pdf`, hospital.igLead.token);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'agreementId' }] });
    });
  });

  describe('an agreement at the input limits', () => {
    const text = (length: number, seed: string) => `${seed} `.padEnd(length, 'shared under this agreement for care ').slice(0, length).trimEnd().padEnd(length, '.');
    const flows = (count: number, itemsEach: number, first = 0) =>
      Array.from({ length: count }, (_, n) => n + first).map((f) => ({
        name: text(500, `Flow ${f + 1}`),
        fromOrganisationId: hospital.id,
        toOrganisationId: council.id,
        recipientRetention: text(500, 'Kept'),
        dataItems: Array.from({ length: itemsEach }, (_, i) => ({ name: text(500, `Item ${f + 1}.${i + 1}`), specialCategory: i % 2 === 0, identifiability: 'IDENTIFIABLE', justification: text(1000, 'Needed') })),
      }));

    it("refuses the attack's draft at input: 200 flows of 200 items, which the old limits accepted", async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Attack ISP');
      const dataFlows = Array.from({ length: 200 }, (_, f) => ({
        name: `Flow ${f + 1}`,
        fromOrganisationId: hospital.id,
        toOrganisationId: council.id,
        dataItems: Array.from({ length: 200 }, (_, i) => ({ name: `Item ${i + 1}`, specialCategory: false, identifiability: 'IDENTIFIABLE' })),
      }));
      const refused = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, dataFlows } }, hospital.igLead.token));
      expect(refused.extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.extensions.fields).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/dataFlows$/), rule: 'arrayMaxSize', message: expect.stringMatching(/at most 50 flows/) }));
      expect(refused.extensions.fields).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/dataFlows.*0.*dataItems/), rule: 'arrayMaxSize', message: expect.stringMatching(/at most 30 items/) }));
      expect(refused.extensions.fields).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/dataFlows$/), rule: 'maxItemsPerAgreement' }));
      const kept = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { draftRevision } }', { id: draft.id }, hospital.igLead.token)).agreement;
      expect(kept.draftRevision).toBe(draft.revision);
    });

    it('refuses more than the limits, naming the field and the rule', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Too large ISP');
      const tooManyItems = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, dataFlows: flows(1, 31) } }, hospital.igLead.token));
      expect(tooManyItems.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: expect.stringMatching(/dataFlows.*0.*dataItems/), rule: 'arrayMaxSize' }] });
      const tooManyFlows = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, dataFlows: flows(51, 1) } }, hospital.igLead.token));
      expect(tooManyFlows.extensions.fields).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/dataFlows$/), rule: 'arrayMaxSize' }));
      const tooManyInAll = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, dataFlows: flows(14, 30) } }, hospital.igLead.token));
      expect(tooManyInAll.extensions.fields).toEqual([expect.objectContaining({ field: expect.stringMatching(/dataFlows$/), rule: 'maxItemsPerAgreement', message: expect.stringMatching(/at most 400 data items/) })]);
      const longClause = failure(
        await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, clauses: [{ heading: 'Long', text: text(5001, 'Clause') }] } }, hospital.igLead.token),
      );
      expect(longClause.extensions.fields).toEqual([expect.objectContaining({ field: expect.stringMatching(/clauses.*0.*text/), rule: 'maxLength' })]);
    });

    it('renders the largest agreement accepted within the time limit', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Largest ISP');
      const input = {
        agreementId: draft.id,
        expectedRevision: draft.revision,
        scope: text(5000, 'Scope'),
        purposes: Array.from({ length: 30 }, (_, i) => ({ description: text(5000, `Purpose ${i + 1}`), purposeType: 'INDIVIDUAL_CARE' })),
        benefits: Array.from({ length: 30 }, (_, i) => text(2000, `Benefit ${i + 1}`)),
        // 50 flows, 400 items in all, as the 30 a flow allows.
        dataFlows: [...flows(10, 30), ...flows(20, 3, 10), ...flows(20, 2, 30)],
        clauses: Array.from({ length: 30 }, (_, i) => ({ heading: text(500, `Clause ${i + 1}`), text: text(5000, 'Clause text') })),
      };
      ok(await t.gql(UPDATE_DRAFT, { input }, hospital.igLead.token));
      // Rendered under the app's own time limit (30 s): a 200 is a render that finished in time.
      const pages = await pdfPages(await pdfOf(`/documents/agreements/${draft.id}/draft.pdf`, hospital.igLead.token));
      expect(pages.join(' ')).toContain('Item 50.2');
    });
  });

  describe('one render in flight per user', () => {
    it('refuses a second render for a user whose render is in flight (in any instance), with Retry-After; others and kept PDFs are served', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'One at a time ISP');
      const path = `/documents/agreements/${draft.id}/draft.pdf`;
      const slots = t.app.get(RenderSlots);
      // Another instance is rendering for the hospital's IG lead.
      await slots.take(hospital.igLead.id);
      try {
        const refused = await download(path, hospital.igLead.token);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await refused.json()) as { message: string }).message).toMatch(/already being rendered/);
        const other = await pdfOf(path, council.igLead.token);
        // That revision's PDF is now kept: serving it renders nothing, so it needs no slot.
        expect(sha256(await pdfOf(path, hospital.igLead.token))).toBe(sha256(other));
      } finally {
        await slots.release(hospital.igLead.id);
      }
      expect((await t.db.query('SELECT user_id FROM document_render_slot')).rows).toEqual([]);
    });

    it('frees the slot of an instance that died once it expires', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Orphaned slot ISP');
      await t.app.get(RenderSlots).take(care.igLead.id);
      expect((await download(`/documents/agreements/${draft.id}/draft.pdf`, care.igLead.token)).status).toBe(429);
      await t.db.query(`UPDATE document_render_slot SET taken_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' WHERE user_id = $1`, [care.igLead.id]);
      await pdfOf(`/documents/agreements/${draft.id}/draft.pdf`, care.igLead.token);
      expect((await t.db.query('SELECT user_id FROM document_render_slot')).rows).toEqual([]);
    });
  });

  describe('when the browser fails', () => {
    it('relaunches a crashed browser and the next render succeeds', async () => {
      const renderer = t.app.get(PdfRenderer);
      const pid = await renderer.browserProcessId();
      expect(pid).toEqual(expect.any(Number));
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'After the crash ISP');
      process.kill(pid!, 'SIGKILL');
      const content = await pdfOf(`/documents/agreements/${draft.id}/draft.pdf`, hospital.igLead.token);
      expect(content.subarray(0, 5).toString()).toBe('%PDF-');
      const relaunched = await renderer.browserProcessId();
      expect(relaunched).not.toBe(pid);
    });
  });

  it('has a migration that drops the kept drafts, render slots and request counts, and makes them again', async () => {
    const runner = t.owner.createQueryRunner();
    const tables = async () =>
      (await runner.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('agreement_draft_document', 'document_render_slot', 'document_rate_window') ORDER BY 1`)).map(
        (r: { tablename: string }) => r.tablename,
      );
    try {
      await runner.startTransaction();
      await new DraftDocuments1797800000000().down(runner);
      expect(await tables()).toEqual([]);
      await new DraftDocuments1797800000000().up(runner);
      expect(await tables()).toEqual(['agreement_draft_document', 'document_rate_window', 'document_render_slot']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  describe('with small limits: a pool of one page, a queue of one, 5 document requests a minute', () => {
    let l: TestApp;
    let lead: Partner;
    let path: string;
    const get = (route: string, token: string) => fetch(`${l.url}${route}`, { headers: { authorization: `Bearer ${token}` } });

    beforeAll(async () => {
      l = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', PDF_POOL_SIZE: '1', PDF_QUEUE_LIMIT: '1', PDF_RENDER_TIMEOUT_MS: '1000', DOCUMENT_RATE_LIMIT_PER_MINUTE: '5' });
      lead = await readyPartner(l, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
      const others = [await readyPartner(l, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' }), await readyPartner(l, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' })];
      path = `/documents/agreements/${(await compliantDraftAgreement(l, lead, lead, others[0], others[1], 'Small limits ISP')).id}`;
    });
    afterAll(async () => l.close());

    it('answers 503 with Retry-After while the render queue is full, and renders again once it drains', async () => {
      const renderer = l.app.get(PdfRenderer);
      // Renders that cannot finish within the second allowed: one holds the page, one waits.
      const enormous = `<table>${'<tr><td>row</td><td>of a table far too long to print within a second</td></tr>'.repeat(150_000)}</table>`;
      const held = [1, 2].map(() => renderer.render(enormous).catch((e: unknown) => e));
      const refused = await get(`${path}/draft.pdf`, lead.igLead.token);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { message: string }).message).toMatch(/Too many documents are being rendered/);
      await Promise.all(held);
      expect((await get(`${path}/draft.pdf`, lead.igLead.token)).status).toBe(200);
    });

    it('refuses a user over the document rate limit with 429 and the seconds to the next minute; others go on', async () => {
      const clock = l.app.get(Clock);
      const minute = (Math.floor(Date.now() / 60_000) + 10) * 60_000;
      const now = jest.spyOn(clock, 'now').mockReturnValue(new Date(minute + 20_000));
      try {
        for (let n = 1; n <= 5; n++) expect((await get(`${path}/draft.json`, lead.igLead.token)).status).toBe(200);
        const refused = await get(`${path}/draft.json`, lead.igLead.token);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('40');
        expect(((await refused.json()) as { message: string }).message).toBe('Too many document requests: at most 5 a minute per user; try again in 40 seconds');
        // Every document route counts, PDFs included.
        expect((await get(`${path}/draft.pdf`, lead.igLead.token)).status).toBe(429);
        expect((await get(`${path}/draft.json`, lead.signatory.token)).status).toBe(200);
        now.mockReturnValue(new Date(minute + 60_000));
        expect((await get(`${path}/draft.json`, lead.igLead.token)).status).toBe(200);
      } finally {
        now.mockRestore();
      }
    });
  });
});
