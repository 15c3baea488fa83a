/**
 * The register's topics until the CX sector keeps its own list in the regional configuration
 * (issue 18): codes as shared/register.ts stores them, with their names.
 */
export const REGISTER_TOPICS: readonly { id: string; name: string }[] = [
  { id: 'queue', name: 'Очередь, время ожидания' },
  { id: 'staff-conduct', name: 'Работа и вежливость специалистов' },
  { id: 'benefits', name: 'Пособие по безработице' },
  { id: 'vacancies', name: 'Вакансии, подбор работы' },
  { id: 'training', name: 'Обучение, профориентация' },
  { id: 'employers', name: 'Работа с работодателями' },
  { id: 'premises', name: 'Помещение, доступность' },
  { id: 'digital', name: 'Электронные услуги, «Работа России»' },
  { id: 'other', name: 'Другое' },
];

export const topicName = (id: string): string => REGISTER_TOPICS.find((t) => t.id === id)?.name ?? id;
