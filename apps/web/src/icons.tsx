import type { ComponentType } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  DesktopOutlined,
  ExceptionOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FormOutlined,
  InboxOutlined,
  LockOutlined,
  MessageOutlined,
  NotificationOutlined,
  PauseCircleOutlined,
  PlusSquareOutlined,
  ProjectOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StopOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
  UnlockOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { MenuIconName } from './menus.ts';

type IconComponent = ComponentType<{ 'aria-hidden'?: boolean }>;

export const MENU_ICONS: Record<MenuIconName, IconComponent> = {
  'safety-certificate': SafetyCertificateOutlined,
  project: ProjectOutlined,
  'file-text': FileTextOutlined,
  lock: LockOutlined,
  unlock: UnlockOutlined,
  trophy: TrophyOutlined,
  thunderbolt: ThunderboltOutlined,
  'plus-square': PlusSquareOutlined,
  calendar: CalendarOutlined,
  'question-circle': QuestionCircleOutlined,
  message: MessageOutlined,
  audit: AuditOutlined,
  'check-square': CheckSquareOutlined,
  notification: NotificationOutlined,
  wallet: WalletOutlined,
  solution: SolutionOutlined,
  desktop: DesktopOutlined,
  team: TeamOutlined,
  schedule: ScheduleOutlined,
  inbox: InboxOutlined,
  stop: StopOutlined,
  form: FormOutlined,
  dashboard: DashboardOutlined,
  'field-time': FieldTimeOutlined,
  alert: AlertOutlined,
  'pause-circle': PauseCircleOutlined,
  exception: ExceptionOutlined,
  apartment: ApartmentOutlined,
  'file-search': FileSearchOutlined,
  'cloud-server': CloudServerOutlined,
};

export function MenuIcon({ name }: { name: MenuIconName }) {
  const Icon = MENU_ICONS[name];
  return <Icon aria-hidden />;
}
