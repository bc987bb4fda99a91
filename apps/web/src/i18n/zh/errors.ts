/** Chinese words of errors as the user meets them (issue 19 §6): the lost connection, the not-found page, retry. */
export default {
  'connection.lost': '与服务器的连接已中断，正在重试…',
  'connection.whatToDo': '请检查网络；已填写的内容不会丢失。',
  'connection.reconnect': '重新连接',
  'connection.checking': '正在连接…',
  'lawfulMoment.use': '改为 {at}',
  'notFound.goBack': '返回上一页',
};
