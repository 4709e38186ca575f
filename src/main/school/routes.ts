// HTTP side of the school structure (read only in the platform issue).

import { api } from '../../shared/api/contract';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import {
  allClasses,
  childrenOfActor,
  classesOfActor,
  classResource,
  studentCard,
  studentResource,
  studentsOfClass,
} from './school-service';

export function schoolRoutes(db: Db) {
  return {
    listClasses: route({
      endpoint: api.listClasses,
      handle: async () => ({ classes: await allClasses(db) }),
    }),
    classStudents: route({
      endpoint: api.classStudents,
      resource: async ({ params }) => classResource(db, params.classId),
      handle: async ({ params }) => studentsOfClass(db, params.classId),
    }),
    studentCard: route({
      endpoint: api.studentCard,
      resource: async ({ params }) => studentResource(db, params.studentId),
      handle: async ({ params }) => studentCard(db, params.studentId),
    }),
    myClasses: route({
      endpoint: api.myClasses,
      handle: async (ctx) => ({ classes: await classesOfActor(db, signedIn(ctx).actor) }),
    }),
    myChildren: route({
      endpoint: api.myChildren,
      handle: async (ctx) => ({ children: await childrenOfActor(db, signedIn(ctx).actor) }),
    }),
  };
}
