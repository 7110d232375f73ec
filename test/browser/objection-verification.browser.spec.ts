/**
 * 异议核实 in the console (Art 23): a unit objects that a case is not within its authority; the
 * county petition office's registrar finds the objection in 异议核实, reads the reasons and agrees,
 * and the case is back at the office for a fresh routing decision.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { button, choose, rowOnAnyPage, submitAction } from './steps/console-steps';

describe('the routing office verifies an objection to a misroute', () => {
  const console = useConsole();
  const marker = randomUUID().slice(0, 8);
  const reasons = `该事项属纪检监察机关职责 ${marker}`;
  let petitionId = '';
  const http = () => request(console.service.app.getHttpServer());

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `objection-${marker}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date().toISOString(),
        petitionerName: `异议测试${marker}`,
        summary: `小区维修基金使用不透明 ${marker}`,
      })
      .expect(201);
    petitionId = registered.body.petitionId;
    for (const [user, action, args] of [
      ['x-registrar', 'route', { unitId: 'x-zjj' }],
      ['x-head', 'objectMisroute', { reasons }],
    ] as const)
      await http()
        .post(`/petitions/${petitionId}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args })
        .expect(200);
    // The queue reads the projected case: wait until the objection has reached it.
    for (let i = 0; ; i++) {
      const queue = await http().get('/me/objections').set('Authorization', staffBearer('x-registrar')).expect(200);
      if ((queue.body.items as { petitionId: string }[]).some((item) => item.petitionId === petitionId)) break;
      if (i > 100) throw new Error('the objection never reached the routing office queue');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  browserTest('the registrar sees it in 异议核实 and agrees: the case returns for routing', async () => {
    const page = await console.signedIn('x-registrar');
    await page.getByRole('menuitem', { name: '异议核实' }).click();
    const row = await rowOnAnyPage(page, reasons);
    await expect(row.textContent()).resolves.toContain('住房和城乡建设局');
    expect(await accessibilityViolations(page)).toEqual([]);
    await button(row, '核实异议').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '核实异议' }).last();
    await button(dialog.getByTestId('case-actions'), '核实异议').click();
    // The action's form opens over the queue's dialog (both titled 核实异议): the newest is the form.
    const form = page.getByRole('dialog').filter({ hasText: '理由' }).last();
    await choose(page, '决定', '同意，退回重新转送', form);
    await submitAction(form);
    const view = await http()
      .get(`/petitions/${petitionId}`)
      .set('Authorization', staffBearer('x-registrar'))
      .expect(200);
    expect(view.body.live).toMatchObject({ step: 'routing', handlingUnitId: null, pendingObjection: null });
  });
});
